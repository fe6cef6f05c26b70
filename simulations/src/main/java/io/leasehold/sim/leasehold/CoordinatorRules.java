package io.leasehold.sim.leasehold;

import io.leasehold.coordinator.core.DefaultShare;
import io.leasehold.coordinator.core.PoolConfig;
import io.leasehold.coordinator.core.QuotaRule;
import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * Projects validated rules onto the coordinator's {@link PoolConfig}: every {@code scope: global}
 * rule becomes a {@link QuotaRule} in allocator units (milli-tokens, rounded down so that no
 * capacity is created). The coordinator module has no such projection yet (its shell is not
 * written); this one should move there with it.
 */
final class CoordinatorRules {
  private CoordinatorRules() {}

  static PoolConfig poolConfig(long revision, String document, RuleSet rules) {
    List<QuotaRule> quotaRules = new ArrayList<>();
    for (Rule rule : rules.rules()) {
      if (rule.scope() != Scope.GLOBAL) {
        continue;
      }
      List<RateBurst> limits = new ArrayList<>();
      for (Limit limit : rule.limits()) {
        long rateMilli = limit.rate().microTokensPerSecond() / 1000;
        limits.add(new RateBurst(rateMilli,
            Math.min(RateBurst.MAX_AMOUNT, Math.multiplyExact(limit.burst(), RateBurst.MILLI_PER_TOKEN))));
      }
      DefaultShare share = switch (rule.keyRegionShare()) {
        case EQUAL -> DefaultShare.EQUAL;
        case WEIGHTS -> DefaultShare.WEIGHTS;
        case TRAFFIC -> DefaultShare.TRAFFIC;
      };
      quotaRules.add(new QuotaRule(rule.id(), !rule.key().isConstant(), limits, rule.regionFloors(),
          rule.regionWeights(), rule.priority(), share));
    }
    return PoolConfig.of(revision, document, quotaRules);
  }
}
