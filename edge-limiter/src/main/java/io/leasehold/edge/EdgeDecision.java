package io.leasehold.edge;

/**
 * The outcome of one {@link EdgeLimiter#decide} call, written into a caller-owned holder so that a
 * decision allocates nothing. Reuse one per thread (event loop); it is not thread-safe.
 *
 * <p>All matched enforced limits are AND-ed, so the figures are the most restrictive ones: {@link
 * #remaining()} is the least remaining over every limit, {@link #retryAfterNanos()} the longest
 * wait among the limits that refused, and {@link #policy()} the <em>binding</em> limit (the refusing
 * limit with the longest wait, or when allowed the one with the least remaining). Durations are
 * relative to {@link #nowNanos()}.
 */
public final class EdgeDecision {

  /** Sentinel for "waiting does not help" (same value as {@code Decision.NEVER}). */
  public static final long NEVER = Long.MAX_VALUE;

  /** What the caller does with the request. */
  public enum Outcome {
    ALLOWED,
    DENIED,
    /** Hold the request and decide again once a sync completed or at {@link #waitDeadlineNanos()}. */
    PENDING
  }

  private Outcome outcome = Outcome.ALLOWED;
  private DecisionReason reason = DecisionReason.NO_MATCH;
  private LimitPolicy policy;
  private long remaining;
  private long retryAfterNanos;
  private long resetAfterNanos;
  private long nowNanos;
  private long waitDeadlineNanos;
  private int matchedRules;
  private LimitPolicy shadowPolicy;

  public Outcome outcome() {
    return outcome;
  }

  /** Whether the request may proceed (allowed, including by a fallback that fails open). */
  public boolean allowed() {
    return outcome == Outcome.ALLOWED;
  }

  public DecisionReason reason() {
    return reason;
  }

  /** The binding limit; null when no enforced rule matched. */
  public LimitPolicy policy() {
    return policy;
  }

  /** Whole tokens left on the most constrained limit after this decision. */
  public long remaining() {
    return remaining;
  }

  /** 0 when allowed; else the shortest wait after which the request could pass, or {@link #NEVER}. */
  public long retryAfterNanos() {
    return retryAfterNanos;
  }

  /** Time until the binding limit is full again if nothing is consumed (0 when full; may be {@link #NEVER}). */
  public long resetAfterNanos() {
    return resetAfterNanos;
  }

  /** The monotonic instant the decision was taken at. */
  public long nowNanos() {
    return nowNanos;
  }

  /** For {@link Outcome#PENDING}: the instant after which waiting ends and {@code on_unavailable} applies. */
  public long waitDeadlineNanos() {
    return waitDeadlineNanos;
  }

  /** Rules that matched, shadow rules included. */
  public int matchedRules() {
    return matchedRules;
  }

  /** A shadow rule that would have rejected this request (it was not rejected); null if none. */
  public LimitPolicy shadowPolicy() {
    return shadowPolicy;
  }

  /** Whether a shadow rule would have rejected the request. */
  public boolean shadowDenied() {
    return shadowPolicy != null;
  }

  /**
   * Records an outcome; for {@link EdgeLimiter} implementations and tests. Returns this holder.
   */
  public EdgeDecision set(Outcome outcome, DecisionReason reason, LimitPolicy policy, long remaining,
      long retryAfterNanos, long resetAfterNanos, long nowNanos, long waitDeadlineNanos, int matchedRules,
      LimitPolicy shadowPolicy) {
    this.outcome = outcome;
    this.reason = reason;
    this.policy = policy;
    this.remaining = remaining;
    this.retryAfterNanos = retryAfterNanos;
    this.resetAfterNanos = resetAfterNanos;
    this.nowNanos = nowNanos;
    this.waitDeadlineNanos = waitDeadlineNanos;
    this.matchedRules = matchedRules;
    this.shadowPolicy = shadowPolicy;
    return this;
  }

  @Override
  public String toString() {
    return "EdgeDecision[" + outcome + ", reason=" + reason + ", policy="
        + (policy == null ? "-" : policy.policyName()) + ", remaining=" + remaining + ", retryAfterNanos="
        + retryAfterNanos + ", resetAfterNanos=" + resetAfterNanos + ", matched=" + matchedRules
        + (shadowPolicy == null ? "" : ", shadowDenied=" + shadowPolicy.policyName()) + "]";
  }
}
