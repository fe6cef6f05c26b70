package io.leasehold.model.alloc;

import io.leasehold.model.alloc.core.FairShareComputation;
import io.leasehold.model.alloc.core.WaterFilling;
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

  /**
   * Max-min fair rates of children with equal weights and no floors, none above its demand: the
   * rates {@link #allocate} gives such children (listed in the order of their ids) whenever their
   * demands add up to more than {@code capacity}, without building maps or burst shares. For callers
   * that split a contended capacity many times a second.
   *
   * @param capacity the rate to split, ≥ 0
   * @param demands each child's demand, ≥ 0, in the order of the children's ids
   * @return each child's rate, in the same order; Σ = min(capacity, Σ demands)
   */
  public static long[] maxMinRates(long capacity, long[] demands) {
    return maxMinRates(capacity, demands, null);
  }

  /**
   * {@link #maxMinRates(long, long[])} written into {@code reuse} when it has one entry per child
   * (its contents are overwritten), into a new array otherwise: for a caller that keeps the rates
   * and makes them again many times a second. {@code reuse} must not be {@code demands}.
   */
  public static long[] maxMinRates(long capacity, long[] demands, long[] reuse) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity: " + capacity + ": must be >= 0");
    }
    if (reuse == demands && reuse != null && reuse.length > 0) {
      throw new IllegalArgumentException("reuse: must not be the demands array");
    }
    int n = demands.length;
    long[] hi = reuse != null && reuse.length == n ? reuse : new long[n];
    for (int i = 0; i < n; i++) {
      if (demands[i] < 0) {
        throw new IllegalArgumentException("demands[" + i + "]: " + demands[i] + ": must be >= 0");
      }
      hi[i] = Math.min(demands[i], capacity);
    }
    return WaterFilling.fillEqualInPlace(capacity, hi);
  }

  /** {@link #allocate(RateBurst, Map, AllocationPolicy)} with {@link AllocationPolicy#DEFAULT}. */
  public static Allocation allocate(RateBurst capacity, Map<String, ChildDemand> children) {
    return allocate(capacity, children, AllocationPolicy.DEFAULT);
  }
}
