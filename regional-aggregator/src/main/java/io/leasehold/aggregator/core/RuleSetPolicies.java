package io.leasehold.aggregator.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.MicroTokens;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.Scope;
import io.leasehold.model.rules.UnseenKeyPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves a validated {@link RuleSet} into the {@link QuotaPolicies} of one region: per (rule,
 * limit) the limit in wire units, the region's floor ({@code region_floors} × limit, rounded down)
 * and its default per-key share ({@code equal} over the deployment's region list, {@code weights},
 * or {@code traffic}). Edge-scoped rules get no policy: the aggregator never leases them.
 */
public final class RuleSetPolicies {
  private RuleSetPolicies() {}

  /**
   * @param rules validated rules
   * @param region this region
   * @param regions every region of the deployment, this one included: the same list in every
   *     region and at the coordinator, so that {@code equal} shares (limit / its size) add up to at
   *     most the limit
   * @throws IllegalArgumentException when {@code regions} is empty or lacks {@code region}
   */
  public static QuotaPolicies of(RuleSet rules, String region, List<String> regions) {
    requireDeploymentRegions(region, regions);
    Map<QuotaId, QuotaPolicy> policies = new HashMap<>();
    Map<String, Long> starterRules = new HashMap<>();
    for (Rule rule : rules.rules()) {
      if (rule.scope() == Scope.EDGE) {
        continue;
      }
      if (rule.unseenKey().mode() == UnseenKeyPolicy.Mode.STARTER) {
        starterRules.put(rule.id(), rule.unseenKey().starterAllowance());
      }
      boolean perKey = !rule.key().isConstant();
      for (int i = 0; i < rule.limits().size(); i++) {
        Limit limit = rule.limits().get(i);
        long rate = rateMicro(limit);
        QuotaPolicy policy = rule.scope() == Scope.REGION
            ? QuotaPolicy.regional(perKey, rate, limit.burst())
            : global(rule, region, regions, perKey, rate, limit.burst());
        policies.put(QuotaId.aggregate(rule.id(), i), rule.thinShare().holds() ? policy.holdingThinShares() : policy);
      }
    }
    return QuotaPolicies.of(policies, starterRules);
  }

  private static QuotaPolicy global(Rule rule, String region, List<String> regions, boolean perKey, long rate,
      long burst) {
    BigDecimal floorFraction = rule.regionFloors().getOrDefault(region, BigDecimal.ZERO);
    long floor = Math.min(rate, new BigDecimal(rate).multiply(floorFraction).setScale(0, RoundingMode.DOWN).longValue());
    return switch (rule.keyRegionShare()) {
      case WEIGHTS -> {
        BigDecimal total = rule.regionWeights().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal mine = rule.regionWeights().getOrDefault(region, BigDecimal.ZERO);
        int scale = Math.max(0, Math.max(total.scale(), mine.scale()));
        BigInteger den = total.movePointRight(scale).toBigIntegerExact();
        BigInteger num = mine.movePointRight(scale).toBigIntegerExact();
        if (den.signum() == 0 || den.bitLength() > 62) {
          yield new QuotaPolicy(true, perKey, rate, burst, floor, QuotaPolicy.KeyShare.WEIGHTS, 0, 1);
        }
        yield new QuotaPolicy(true, perKey, rate, burst, floor, QuotaPolicy.KeyShare.WEIGHTS, num.longValue(),
            den.longValue());
      }
      case TRAFFIC -> new QuotaPolicy(true, perKey, rate, burst, floor, QuotaPolicy.KeyShare.TRAFFIC, 0, 1);
      case EQUAL -> new QuotaPolicy(true, perKey, rate, burst, floor, QuotaPolicy.KeyShare.EQUAL, 1, regions.size());
    };
  }

  /**
   * Checks the deployment's region list. Counting regions any other way (say, those a rule names)
   * would give each region its own N, and {@code equal} shares could add up past the limit.
   *
   * @throws IllegalArgumentException naming the list, its value and the reason
   */
  public static void requireDeploymentRegions(String region, List<String> regions) {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(regions, "regions");
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("regions: []: required: every region of the deployment, the same list in "
          + "every region and at the coordinator ('equal' per-key shares are limit / its size)");
    }
    if (!regions.contains(region)) {
      throw new IllegalArgumentException("regions: " + regions + ": must contain this region '" + region + "'");
    }
    if (new HashSet<>(regions).size() != regions.size()) {
      throw new IllegalArgumentException("regions: " + regions + ": must not repeat a region");
    }
  }

  /** The limit's rate in micro-tokens/s, rounded down; capped at the wire protocol's largest rate. */
  static long rateMicro(Limit limit) {
    BigInteger micro = BigInteger.valueOf(limit.rate().tokens()).multiply(BigInteger.valueOf(MicroTokens.PER_TOKEN))
        .multiply(BigInteger.valueOf(1_000_000_000L)).divide(BigInteger.valueOf(limit.rate().period().nanos()));
    return micro.min(BigInteger.valueOf(MicroTokens.MAX_PER_SECOND)).longValueExact();
  }
}
