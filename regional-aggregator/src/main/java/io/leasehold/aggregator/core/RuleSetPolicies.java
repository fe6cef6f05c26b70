package io.leasehold.aggregator.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.MicroTokens;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.Scope;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Resolves a validated {@link RuleSet} into the {@link QuotaPolicies} of one region: per (rule,
 * limit) the limit in wire units, the region's floor ({@code region_floors} × limit, rounded down)
 * and its default per-key share ({@code equal} over the deployment's regions, {@code weights},
 * or {@code traffic}). Edge-scoped rules get no policy: the aggregator never leases them.
 */
public final class RuleSetPolicies {
  private RuleSetPolicies() {}

  /**
   * @param rules validated rules
   * @param region this region
   * @param regions every region of the deployment; when empty, the regions named in each rule's
   *     floors and weights plus this one
   */
  public static QuotaPolicies of(RuleSet rules, String region, List<String> regions) {
    Map<QuotaId, QuotaPolicy> policies = new HashMap<>();
    for (Rule rule : rules.rules()) {
      if (rule.scope() == Scope.EDGE) {
        continue;
      }
      boolean perKey = !rule.key().isConstant();
      for (int i = 0; i < rule.limits().size(); i++) {
        Limit limit = rule.limits().get(i);
        long rate = rateMicro(limit);
        QuotaPolicy policy = rule.scope() == Scope.REGION
            ? QuotaPolicy.regional(perKey, rate, limit.burst())
            : global(rule, region, regions, perKey, rate, limit.burst());
        policies.put(QuotaId.aggregate(rule.id(), i), policy);
      }
    }
    return QuotaPolicies.of(policies);
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
      case TRAFFIC -> new QuotaPolicy(true, perKey, rate, burst, floor, QuotaPolicy.KeyShare.TRAFFIC, 1,
          regionCount(rule, region, regions));
      case EQUAL -> new QuotaPolicy(true, perKey, rate, burst, floor, QuotaPolicy.KeyShare.EQUAL, 1,
          regionCount(rule, region, regions));
    };
  }

  private static long regionCount(Rule rule, String region, List<String> regions) {
    if (!regions.isEmpty()) {
      return regions.size();
    }
    TreeSet<String> named = new TreeSet<>(rule.regionFloors().keySet());
    named.addAll(rule.regionWeights().keySet());
    named.add(region);
    return named.size();
  }

  /** The limit's rate in micro-tokens/s, rounded down; capped at the wire protocol's largest rate. */
  static long rateMicro(Limit limit) {
    BigInteger micro = BigInteger.valueOf(limit.rate().tokens()).multiply(BigInteger.valueOf(MicroTokens.PER_TOKEN))
        .multiply(BigInteger.valueOf(1_000_000_000L)).divide(BigInteger.valueOf(limit.rate().period().nanos()));
    return micro.min(BigInteger.valueOf(MicroTokens.MAX_PER_SECOND)).longValueExact();
  }
}
