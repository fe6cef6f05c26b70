package io.leasehold.model.bucket;

/**
 * A local admission limiter: {@link TokenBucket} or {@link SlidingWindowCounter}.
 *
 * <p>Callers read the clock once per request and pass {@code nowNanos} (monotonic, from
 * {@link io.leasehold.model.time.Clock}) to every limiter the request touches. A {@code nowNanos}
 * earlier than one already seen is treated as that earlier-seen instant: time never runs back.
 *
 * <p>Several limits on one rule are AND-ed: {@link #check} each of them, and only if all allow,
 * {@link #tryAcquire} each with the same {@code nowNanos} (which then succeeds, on a
 * single-writer limiter), so a request rejected by one limit consumes nothing from the others.
 *
 * <p>Implementations are single-writer unless stated otherwise; see
 * {@link SynchronizedLimiter} for a shared one.
 */
public interface Limiter {

  /**
   * Admits {@code cost} units if available and consumes them; a rejection changes nothing. Cost 0
   * is a peek: always allowed, never changes state. A cost above the capacity is never admitted
   * and its retry time is {@link Decision#NEVER}.
   *
   * @param cost units wanted, {@code ≥ 0}
   * @param nowNanos the caller's current monotonic time
   * @param out written with the outcome
   * @return {@code out.allowed()}
   * @throws IllegalArgumentException if {@code cost} is negative
   */
  boolean tryAcquire(long cost, long nowNanos, Decision out);

  /** As {@link #tryAcquire(long, long, Decision)} without the details: the cheapest call. */
  boolean tryAcquire(long cost, long nowNanos);

  /** What {@link #tryAcquire(long, long, Decision)} would decide, without consuming anything. */
  boolean check(long cost, long nowNanos, Decision out);

  /** The capacity: burst of a token bucket, limit of a window counter. */
  long capacity();
}
