package io.leasehold.aggregator.core;

import io.leasehold.model.QuotaId;

/** One quota of a planned edge sync: what its store op asks for and how to turn the answer into a lease. */
record PlannedLease(
    RegionQuota quota,
    EdgeShare edge,
    QuotaPolicy policy,
    RegionCapacity capacity,
    long take,
    long giveBack,
    long consumed,
    long targetTokens) {

  QuotaId id() {
    return quota.id;
  }
}
