package io.leasehold.coordinator.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.alloc.RateBurst;
import java.util.List;

/**
 * One managed quota, for {@code GET /v1/allocations} and {@code GET /v1/debug/quotas/...}.
 * Amounts in allocator units (milli-tokens/s and milli-tokens).
 *
 * @param quota the quota
 * @param kind aggregate, default share or hot key
 * @param capacity the limit shared by the regions
 * @param outstanding Σ of what regions may be using, plus any failover reservation
 * @param reservingForFailover whether capacity is still reserved for a previous leader's grants
 * @param retired whether the rule is gone and the quota waits for its grants to expire
 * @param idleMillis time since any region last reported traffic for it
 * @param regions per region, in name order
 */
public record QuotaView(
    QuotaId quota,
    QuotaKind kind,
    RateBurst capacity,
    RateBurst outstanding,
    boolean reservingForFailover,
    boolean retired,
    long idleMillis,
    List<RegionView> regions) {

  public QuotaView {
    regions = List.copyOf(regions);
  }

  /** Outstanding rate over capacity rate, 0..1 (0 for a zero capacity). */
  public double utilisation() {
    return capacity.rate() == 0 ? 0 : Math.min(1.0, outstanding.rate() / (double) capacity.rate());
  }
}
