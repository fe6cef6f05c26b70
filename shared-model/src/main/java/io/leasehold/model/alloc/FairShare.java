package io.leasehold.model.alloc;

import io.leasehold.model.alloc.core.FairShareComputation;
import java.util.Map;

/**
 * The allocation policy of DESIGN.md §3 as a pure function: floors first, then weighted max-min fair
 * share up to demand by priority band, then headroom. Deterministic: the same input always gives
 * the same output, children are processed in the order of their ids, and Σ of the targets never
 * exceeds the capacity in either dimension.
 */
public final class FairShare {
  private FairShare() {}

  /**
   * Computes every child's target.
   *
   * @param capacity the parent's capacity
   * @param children demand, floor, weight and band per child id
   * @throws IllegalArgumentException naming the child when an entry is invalid (null or empty id,
   *     null demand)
   */
  public static Allocation allocate(
      RateBurst capacity, Map<String, ChildDemand> children, AllocationPolicy policy) {
    return FairShareComputation.allocate(capacity, children, policy);
  }

  /** {@link #allocate(RateBurst, Map, AllocationPolicy)} with {@link AllocationPolicy#DEFAULT}. */
  public static Allocation allocate(RateBurst capacity, Map<String, ChildDemand> children) {
    return allocate(capacity, children, AllocationPolicy.DEFAULT);
  }
}
