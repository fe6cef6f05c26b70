package io.leasehold.coordinator.core;

import java.util.HashSet;
import java.util.Set;

/**
 * A new leader's reservation for grants a previous leader may still have outstanding
 * (shared-model/docs/allocator.md, "Failover"). Until {@code reserveUntilNanos} every pool counts
 * its whole capacity as outstanding on top of what regions report holding; the reservation ends
 * early once every expected region has sent a report that no old-leader response can follow:
 * one sent after it saw this leader's fencing token, or received {@code 2 × request deadline}
 * after the election.
 */
final class FailoverGate {
  private final long electedAtNanos;
  private final long reserveUntilNanos;
  private final long reportsCountFromNanos;
  private final Set<String> expected;
  private final Set<String> reported = new HashSet<>();
  private boolean released;

  FailoverGate(long electedAtNanos, long reserveUntilNanos, long reportsCountFromNanos, Set<String> expected) {
    this.electedAtNanos = electedAtNanos;
    this.reserveUntilNanos = reserveUntilNanos;
    this.reportsCountFromNanos = reportsCountFromNanos;
    this.expected = Set.copyOf(expected);
  }

  long electedAtNanos() {
    return electedAtNanos;
  }

  long reserveUntilNanos() {
    return reserveUntilNanos;
  }

  boolean reserving(long nowNanos) {
    return !released && nowNanos < reserveUntilNanos;
  }

  /** Records a report; true exactly once, when it completes the set of expected regions. */
  boolean observe(String region, boolean sawOwnToken, long nowNanos) {
    if (released) {
      return false;
    }
    if (sawOwnToken || nowNanos >= reportsCountFromNanos) {
      reported.add(region);
    }
    if (!expected.isEmpty() && reported.containsAll(expected)) {
      released = true;
      return nowNanos < reserveUntilNanos;
    }
    return false;
  }
}
