package io.leasehold.model.rules;

import java.time.Duration;

/**
 * What an edge does with the first requests for a key it holds no lease for yet (DESIGN.md §4):
 * admit up to {@code starterAllowance} tokens optimistically (debited at the next sync, so latency
 * never depends on the aggregator), or hold the request until the first lease arrives, at most
 * {@code waitDeadline}, then apply the rule's {@code on_unavailable}.
 *
 * <p>Exactly one of the two figures is meaningful: a starter policy has a zero deadline, a wait
 * policy a zero allowance.
 */
public record UnseenKeyPolicy(Mode mode, long starterAllowance, Duration waitDeadline) {

  public enum Mode { STARTER, WAIT }

  /** Starter allowance when a rule configures none: min(this, the rule's smallest burst). */
  public static final long DEFAULT_STARTER_CAP = 10;
  public static final Duration DEFAULT_WAIT_DEADLINE = Duration.ofMillis(50);
  public static final Duration MAX_WAIT_DEADLINE = Duration.ofMillis(1000);

  public UnseenKeyPolicy {
    if (mode == null || waitDeadline == null) {
      throw new IllegalArgumentException("mode and waitDeadline are required");
    }
    if (mode == Mode.STARTER && (starterAllowance < 1 || !waitDeadline.isZero())) {
      throw new IllegalArgumentException("a starter policy has an allowance >= 1 and no deadline");
    }
    if (mode == Mode.WAIT && (starterAllowance != 0 || waitDeadline.compareTo(Duration.ofMillis(1)) < 0
        || waitDeadline.compareTo(MAX_WAIT_DEADLINE) > 0)) {
      throw new IllegalArgumentException("a wait policy has no allowance and a deadline of 1 ms to 1 s");
    }
  }

  public static UnseenKeyPolicy starter(long allowance) {
    return new UnseenKeyPolicy(Mode.STARTER, allowance, Duration.ZERO);
  }

  public static UnseenKeyPolicy waitUpTo(Duration deadline) {
    return new UnseenKeyPolicy(Mode.WAIT, 0, deadline);
  }

  /** The policy of a rule that configures none. */
  public static UnseenKeyPolicy defaultFor(java.util.List<Limit> limits) {
    long smallestBurst = limits.stream().mapToLong(Limit::burst).min().orElse(DEFAULT_STARTER_CAP);
    return starter(Math.min(DEFAULT_STARTER_CAP, smallestBurst));
  }
}
