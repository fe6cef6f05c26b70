package io.leasehold.model.bucket;

import io.leasehold.model.bucket.internal.WideArithmetic;

/**
 * The approximated sliding-window counter (two fixed windows, the previous one weighted by how
 * much of it still overlaps the sliding window), as used by Cloudflare and Envoy-style limiters:
 *
 * <pre>estimate(t) = previous × (W − e) / W + current,   e = t − start of the current window</pre>
 *
 * A request of cost {@code c} is admitted iff {@code ceil(previous × (W − e) / W) + current + c ≤
 * limit}; since {@code current}, {@code c} and {@code limit} are integers this is exactly the
 * real-valued test, computed in integers (128-bit intermediate, no floating point).
 *
 * <p>Windows are aligned to the instant the counter was created; they advance in whole windows,
 * and a gap of two windows or more clears both counts. Rejected requests are not counted. Cost 0
 * is a peek. A cost above the limit is never admitted ({@link Decision#NEVER}).
 *
 * <p>{@link Decision#retryAfterNanos()} is the exact first instant at which the estimate admits
 * the cost (within this window as the previous window's weight decays, or in the next one);
 * {@link Decision#resetAfterNanos()} is when the estimate is back to 0 (remaining = limit): the end
 * of the current window if only the previous window has counts, else the end of the next one.
 *
 * <p><b>Single-writer</b>, like {@link TokenBucket}; no method allocates.
 */
public final class SlidingWindowCounter implements Limiter {

  private final long limit;
  private final long windowNanos;

  private long windowStart;
  private long previous;
  private long current;

  private long admitted;
  private long denied;

  /**
   * @param limit units admitted per sliding window, {@code 0 ≤ limit ≤ }{@link Rate#MAX_TOKENS}
   * @param windowNanos the window, {@code 1 ≤ windowNanos ≤ }{@link Rate#MAX_PERIOD_NANOS}
   * @param nowNanos the start of the first window
   */
  public SlidingWindowCounter(long limit, long windowNanos, long nowNanos) {
    if (limit < 0 || limit > Rate.MAX_TOKENS) {
      throw new IllegalArgumentException(
          "limit: " + limit + " is out of range; must be between 0 and " + Rate.MAX_TOKENS);
    }
    if (windowNanos < 1 || windowNanos > Rate.MAX_PERIOD_NANOS) {
      throw new IllegalArgumentException("windowNanos: " + windowNanos
          + " is out of range; must be between 1 and " + Rate.MAX_PERIOD_NANOS + " (one day)");
    }
    this.limit = limit;
    this.windowNanos = windowNanos;
    this.windowStart = nowNanos;
  }

  @Override
  public boolean tryAcquire(long cost, long nowNanos, Decision out) {
    requireNonNegativeCost(cost);
    long elapsed = advance(nowNanos);
    long used = weightedPrevious(elapsed) + current;
    if (cost <= limit && used + cost <= limit) {
      current += cost;
      admitted += cost;
      out.set(true, limit - used - cost, 0, nanosUntilEmpty(elapsed));
      return true;
    }
    denied += cost;
    out.set(false, limit - used, retryAfter(cost, elapsed), nanosUntilEmpty(elapsed));
    return false;
  }

  @Override
  public boolean tryAcquire(long cost, long nowNanos) {
    requireNonNegativeCost(cost);
    long elapsed = advance(nowNanos);
    if (cost <= limit && weightedPrevious(elapsed) + current + cost <= limit) {
      current += cost;
      admitted += cost;
      return true;
    }
    denied += cost;
    return false;
  }

  @Override
  public boolean check(long cost, long nowNanos, Decision out) {
    requireNonNegativeCost(cost);
    long elapsed = advance(nowNanos);
    long used = weightedPrevious(elapsed) + current;
    if (cost <= limit && used + cost <= limit) {
      out.set(true, limit - used - cost, 0,
          cost > 0 ? 2 * windowNanos - elapsed : nanosUntilEmpty(elapsed));
      return true;
    }
    out.set(false, limit - used, retryAfter(cost, elapsed), nanosUntilEmpty(elapsed));
    return false;
  }

  /** Units still admissible at {@code nowNanos}. */
  public long remaining(long nowNanos) {
    long elapsed = advance(nowNanos);
    return limit - weightedPrevious(elapsed) - current;
  }

  public long limit() {
    return limit;
  }

  public long windowNanos() {
    return windowNanos;
  }

  @Override
  public long capacity() {
    return limit;
  }

  /** Total units admitted since creation (monotonic). */
  public long admitted() {
    return admitted;
  }

  /** Total cost of rejected {@code tryAcquire} calls since creation (monotonic). */
  public long denied() {
    return denied;
  }

  long previousCount() {
    return previous;
  }

  long currentCount() {
    return current;
  }

  long windowStart() {
    return windowStart;
  }

  @Override
  public String toString() {
    return "SlidingWindowCounter[limit=" + limit + ", windowNanos=" + windowNanos
        + ", windowStart=" + windowStart + ", previous=" + previous + ", current=" + current
        + ", admitted=" + admitted + ", denied=" + denied + "]";
  }

  /** Rolls the windows forward to contain {@code nowNanos}; returns the offset into the current. */
  private long advance(long nowNanos) {
    long sinceStart = nowNanos - windowStart;
    if (sinceStart < windowNanos) {
      return Math.max(0, sinceStart); // a stale nowNanos reads as the window's start
    }
    if (sinceStart < 2 * windowNanos) {
      previous = current;
      windowStart += windowNanos;
    } else {
      previous = 0;
      windowStart += sinceStart - sinceStart % windowNanos;
    }
    current = 0;
    return nowNanos - windowStart;
  }

  /** {@code ceil(previous × (W − e) / W)}. */
  private long weightedPrevious(long elapsed) {
    if (previous == 0) {
      return 0;
    }
    return WideArithmetic.multiplyAddDivide(
        previous, windowNanos - elapsed, windowNanos - 1, windowNanos);
  }

  private long retryAfter(long cost, long elapsed) {
    if (cost > limit) {
      return Decision.NEVER;
    }
    long allowedWeighted = limit - current - cost;
    if (allowedWeighted >= 0 && previous > 0) {
      // Admitted once previous × (W − e') ≤ allowedWeighted × W.
      long target = windowNanos
          - WideArithmetic.multiplyAddDivide(allowedWeighted, windowNanos, 0, previous);
      if (target < windowNanos) {
        return target - elapsed;
      }
    }
    long toNextWindow = windowNanos - elapsed;
    long allowedNext = limit - cost;
    if (current <= allowedNext) {
      return toNextWindow;
    }
    long targetNext = windowNanos
        - WideArithmetic.multiplyAddDivide(allowedNext, windowNanos, 0, current);
    return toNextWindow + targetNext;
  }

  private long nanosUntilEmpty(long elapsed) {
    if (current > 0) {
      return 2 * windowNanos - elapsed;
    }
    return previous > 0 ? windowNanos - elapsed : 0;
  }

  private static void requireNonNegativeCost(long cost) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost: " + cost + " is negative; must be 0 or more");
    }
  }
}
