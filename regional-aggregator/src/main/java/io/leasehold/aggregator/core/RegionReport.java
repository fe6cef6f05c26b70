package io.leasehold.aggregator.core;

import io.leasehold.model.message.RegionSyncRequest;

/**
 * A region report ready to send, and when it was built: grant TTLs in the answer run from
 * {@code sentAtNanos} on this replica's clock (invariant 3).
 */
public record RegionReport(RegionSyncRequest request, long sentAtNanos) {}
