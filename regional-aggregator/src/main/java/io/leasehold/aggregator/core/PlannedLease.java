package io.leasehold.aggregator.core;

import io.leasehold.model.QuotaId;

/**
 * One quota of a planned edge sync: what its store op asks for and how to turn the answer into a
 * lease. {@code take} includes {@code repay}, the part of the quota's debt this op pays off; the
 * edge is leased what the store grants beyond it. An item {@code inPlace} has no store op: the
 * edge's returned tokens are leased straight back to it, or, with {@code take} 0, held back for the
 * quota's next store op ({@link RegionLeaser#plan}).
 */
record PlannedLease(
    RegionQuota quota,
    EdgeShare edge,
    QuotaPolicy policy,
    RegionCapacity capacity,
    long take,
    long giveBack,
    long consumed,
    long targetTokens,
    long repay,
    boolean inPlace) {

  QuotaId id() {
    return quota.id;
  }
}
