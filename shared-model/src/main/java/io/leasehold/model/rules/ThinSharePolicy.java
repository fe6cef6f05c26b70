package io.leasehold.model.rules;

import java.time.Duration;

/**
 * What an edge does with a request for a key whose leased tokens are used up while its share of
 * the key is under one token per sync interval (shared-model/docs/protocol.md, "Thin shares held"):
 * deny it at once (the default), or hold one such request per key for the next sync's answer, at
 * most {@code holdDeadline}, so that the region's tokens go to an edge with a request waiting
 * instead of waiting for the key to come back to one edge.
 */
public record ThinSharePolicy(Mode mode, Duration holdDeadline) {

  public enum Mode { DENY, HOLD }

  public static final ThinSharePolicy DENY = new ThinSharePolicy(Mode.DENY, Duration.ZERO);
  public static final Duration DEFAULT_HOLD_DEADLINE = Duration.ofMillis(500);
  public static final Duration MAX_HOLD_DEADLINE = Duration.ofMillis(2000);

  public ThinSharePolicy {
    if (mode == null || holdDeadline == null) {
      throw new IllegalArgumentException("mode and holdDeadline are required");
    }
    if (mode == Mode.DENY && !holdDeadline.isZero()) {
      throw new IllegalArgumentException("a deny policy has no hold deadline");
    }
    if (mode == Mode.HOLD && (holdDeadline.compareTo(Duration.ofMillis(1)) < 0
        || holdDeadline.compareTo(MAX_HOLD_DEADLINE) > 0)) {
      throw new IllegalArgumentException("a hold policy has a deadline of 1 ms to " + MAX_HOLD_DEADLINE.toMillis() + " ms");
    }
  }

  public static ThinSharePolicy holdUpTo(Duration deadline) {
    return new ThinSharePolicy(Mode.HOLD, deadline);
  }

  public boolean holds() {
    return mode == Mode.HOLD;
  }
}
