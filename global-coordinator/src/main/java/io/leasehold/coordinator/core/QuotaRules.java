package io.leasehold.coordinator.core;

import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.Scope;
import java.util.ArrayList;
import java.util.List;

/** Projects a validated rule set onto what the central pool allocates: its {@code scope: global} rules. */
public final class QuotaRules {
  private QuotaRules() {}

  public static List<QuotaRule> of(RuleSet rules) {
    List<QuotaRule> projected = new ArrayList<>();
    for (Rule rule : rules.rules()) {
      if (rule.scope() == Scope.GLOBAL) {
        projected.add(of(rule));
      }
    }
    return projected;
  }

  public static QuotaRule of(Rule rule) {
    List<RateBurst> limits = new ArrayList<>(rule.limits().size());
    for (Limit limit : rule.limits()) {
      // Wire rate (micro-tokens/s, rounded down) to allocator milli-tokens/s, rounded down again.
      long milliRate = Math.min(RateBurst.MAX_AMOUNT, limit.rate().microTokensPerSecond() / 1_000L);
      limits.add(new RateBurst(milliRate, Units.tokensToMilli(limit.burst())));
    }
    DefaultShare share = switch (rule.keyRegionShare()) {
      case EQUAL -> DefaultShare.EQUAL;
      case WEIGHTS -> DefaultShare.WEIGHTS;
      case TRAFFIC -> DefaultShare.TRAFFIC;
    };
    return new QuotaRule(rule.id(), !rule.key().isConstant(), limits, rule.regionFloors(), rule.regionWeights(),
        rule.priority(), share);
  }
}
