package io.leasehold.aggregator.core;

import io.leasehold.model.message.Grant;

/** A coordinator grant the region holds, with its expiry on this replica's monotonic clock. */
record HeldRegionGrant(Grant grant, long expiresAtNanos) {

  boolean valid(long nowNanos) {
    return nowNanos < expiresAtNanos;
  }

  /** Whether {@code other} supersedes this grant: ordered by (fencing token, epoch). */
  boolean olderThan(Grant other) {
    if (other.fencingToken() != grant.fencingToken()) {
      return other.fencingToken() > grant.fencingToken();
    }
    return other.epoch() > grant.epoch();
  }
}
