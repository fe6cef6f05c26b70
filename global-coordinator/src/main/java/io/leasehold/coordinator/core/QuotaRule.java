package io.leasehold.coordinator.core;

import io.leasehold.model.alloc.ChildDemand;
import io.leasehold.model.alloc.RateBurst;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the central pool needs to know about one {@code scope: global} rule: the capacity of each
 * limit and how it is shared between regions. Built from a validated rule set, so it only checks
 * what would break the pool's arithmetic.
 *
 * @param id rule id
 * @param perKey true when the rule keys its quotas by request attributes; false for a
 *     {@code constant} key, whose only quota is the rule aggregate
 * @param limits capacity of each limit, in allocator units (milli-tokens/s, milli-tokens)
 * @param regionFloors region → guaranteed fraction of each limit, in [0, 1]
 * @param regionWeights region → positive weight; regions not named weigh 1
 * @param priority priority band of the rule's quotas, 0..1000 (higher first)
 * @param defaultShare how non-hot keys of a per-key rule are split between regions
 */
public record QuotaRule(
    String id,
    boolean perKey,
    List<RateBurst> limits,
    Map<String, BigDecimal> regionFloors,
    Map<String, BigDecimal> regionWeights,
    int priority,
    DefaultShare defaultShare) {

  /** Scale of weights handed to the allocator: weight 1 is {@value}, so 0.001 still counts. */
  static final int WEIGHT_SCALE = 1_000;

  public QuotaRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(defaultShare, "defaultShare");
    limits = List.copyOf(limits);
    regionFloors = Map.copyOf(new TreeMap<>(regionFloors));
    regionWeights = Map.copyOf(new TreeMap<>(regionWeights));
    if (limits.isEmpty()) {
      throw new IllegalArgumentException("rule " + id + ": limits: []: needs at least one limit");
    }
    regionFloors.forEach((region, fraction) -> {
      if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException(
            "rule " + id + ": region_floors." + region + ": " + fraction + ": must be in [0, 1]");
      }
    });
    regionWeights.forEach((region, weight) -> {
      if (weight.signum() <= 0) {
        throw new IllegalArgumentException(
            "rule " + id + ": region_weights." + region + ": " + weight + ": must be positive");
      }
    });
    if (priority < ChildDemand.MIN_BAND || priority > ChildDemand.MAX_BAND) {
      throw new IllegalArgumentException("rule " + id + ": priority: " + priority + ": must be in 0..1000");
    }
  }

  /** A constant-key rule with one limit and no floors or weights (for tests and tools). */
  public static QuotaRule aggregate(String id, RateBurst limit) {
    return new QuotaRule(id, false, List.of(limit), Map.of(), Map.of(), 0, DefaultShare.EQUAL);
  }

  /** A per-key rule with one limit and no floors or weights (for tests and tools). */
  public static QuotaRule perKey(String id, RateBurst limit, DefaultShare share) {
    return new QuotaRule(id, true, List.of(limit), Map.of(), Map.of(), 0, share);
  }

  public QuotaRule withFloors(Map<String, BigDecimal> floors) {
    return new QuotaRule(id, perKey, limits, floors, regionWeights, priority, defaultShare);
  }

  public QuotaRule withWeights(Map<String, BigDecimal> weights) {
    return new QuotaRule(id, perKey, limits, regionFloors, weights, priority, defaultShare);
  }

  public QuotaRule withPriority(int band) {
    return new QuotaRule(id, perKey, limits, regionFloors, regionWeights, band, defaultShare);
  }

  public QuotaRule withLimits(List<RateBurst> newLimits) {
    return new QuotaRule(id, perKey, newLimits, regionFloors, regionWeights, priority, defaultShare);
  }

  /** The region's floor for limit {@code limitIndex}: its fraction of the rate and burst, rounded down. */
  public RateBurst floor(String region, int limitIndex) {
    BigDecimal fraction = regionFloors.get(region);
    if (fraction == null || fraction.signum() == 0) {
      return RateBurst.ZERO;
    }
    RateBurst limit = limits.get(limitIndex);
    return new RateBurst(scaleDown(limit.rate(), fraction), scaleDown(limit.burst(), fraction));
  }

  /** The region's weight as the allocator's integer weight ({@link #WEIGHT_SCALE} per unit). */
  public int weight(String region) {
    BigDecimal weight = regionWeights.get(region);
    if (weight == null) {
      return WEIGHT_SCALE;
    }
    BigDecimal scaled = weight.multiply(BigDecimal.valueOf(WEIGHT_SCALE)).setScale(0, RoundingMode.HALF_UP);
    return (int) Math.max(ChildDemand.MIN_WEIGHT, Math.min(ChildDemand.MAX_WEIGHT, scaled.longValue()));
  }

  private static long scaleDown(long amount, BigDecimal fraction) {
    return BigDecimal.valueOf(amount).multiply(fraction).setScale(0, RoundingMode.DOWN).longValueExact();
  }
}
