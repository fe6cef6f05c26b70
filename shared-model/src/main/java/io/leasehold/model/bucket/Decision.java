package io.leasehold.model.bucket;

/**
 * The outcome of one limiter call, written into a caller-owned holder so that a decision
 * allocates nothing. Reuse one instance per event loop (or per thread); it is not thread-safe.
 *
 * <p>Durations are relative to the {@code nowNanos} passed to the call. {@link #NEVER} means the
 * condition cannot be reached by waiting (a cost above the capacity, a limiter with no refill, or
 * a wait longer than {@code Long.MAX_VALUE} nanoseconds, about 292 years).
 */
public final class Decision {

  /** Sentinel for "waiting does not help": no finite Retry-After / reset exists. */
  public static final long NEVER = Long.MAX_VALUE;

  private boolean allowed;
  private long remaining;
  private long retryAfterNanos;
  private long resetAfterNanos;

  /** Whether the request was admitted (for a check: would be admitted). */
  public boolean allowed() {
    return allowed;
  }

  /** Whole tokens (or requests) left after this decision. */
  public long remaining() {
    return remaining;
  }

  /**
   * 0 when allowed; otherwise the shortest wait after which the same cost would be admitted,
   * assuming nothing else is consumed meanwhile (for {@code Retry-After}); {@link #NEVER} if no
   * wait suffices.
   */
  public long retryAfterNanos() {
    return retryAfterNanos;
  }

  /**
   * Time until the limiter is back at full capacity if nothing is consumed (for
   * {@code RateLimit-Reset} / {@code X-RateLimit-Reset}); 0 when already full, {@link #NEVER} if
   * it never refills.
   */
  public long resetAfterNanos() {
    return resetAfterNanos;
  }

  Decision set(boolean allowed, long remaining, long retryAfterNanos, long resetAfterNanos) {
    this.allowed = allowed;
    this.remaining = remaining;
    this.retryAfterNanos = retryAfterNanos;
    this.resetAfterNanos = resetAfterNanos;
    return this;
  }

  @Override
  public String toString() {
    return "Decision[allowed=" + allowed + ", remaining=" + remaining + ", retryAfterNanos="
        + retryAfterNanos + ", resetAfterNanos=" + resetAfterNanos + "]";
  }
}
