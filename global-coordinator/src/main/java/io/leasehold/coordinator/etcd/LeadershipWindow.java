package io.leasehold.coordinator.etcd;

import io.leasehold.coordinator.LeaderTerm;

/**
 * A term of office and the monotonic instant until which this node may act on it: the last
 * confirmed lease renewal plus the lease TTL, minus the safety margin. etcd cannot expire the lease
 * (and so elect someone else) before the renewal time plus the TTL, so stopping at
 * {@code validUntilNanos} keeps two leaders from ever acting at once.
 */
record LeadershipWindow(LeaderTerm term, long validUntilNanos) {

  /** The instant until which a lease renewed at {@code renewedNanos} with {@code ttlNanos} may be relied on. */
  static long validUntil(long renewedNanos, long ttlNanos, long safetyMarginNanos) {
    return renewedNanos + ttlNanos - safetyMarginNanos;
  }

  boolean isValidAt(long nowNanos) {
    return nowNanos - validUntilNanos < 0; // overflow-safe comparison of monotonic nanos
  }
}
