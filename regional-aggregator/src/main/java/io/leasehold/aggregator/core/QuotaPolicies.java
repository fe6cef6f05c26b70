package io.leasehold.aggregator.core;

import io.leasehold.model.QuotaId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules in force, resolved for this region: the policy of each (rule, limit) the aggregator
 * leases. Immutable; a new config is a new instance.
 */
@FunctionalInterface
public interface QuotaPolicies {

  /** No rules: every report is answered without a lease. */
  QuotaPolicies NONE = quota -> Optional.empty();

  /** The policy of {@code quota}'s rule and limit, if the aggregator leases it. */
  Optional<QuotaPolicy> find(QuotaId quota);

  /**
   * The rules whose unseen keys start on a starter allowance, with the allowance they configure:
   * the aggregator caps it for its edges ({@link io.leasehold.model.message.StarterCap}). None by default.
   */
  default Map<String, Long> starterRules() {
    return Map.of();
  }

  /** Policies keyed by {@code (ruleId, limitIndex)}, with the rules that use starter allowances. */
  static QuotaPolicies of(Map<QuotaId, QuotaPolicy> byAggregateId, Map<String, Long> starterRules) {
    QuotaPolicies lookup = of(byAggregateId);
    Map<String, Long> starters = Map.copyOf(starterRules);
    return new QuotaPolicies() {
      @Override
      public Optional<QuotaPolicy> find(QuotaId quota) {
        return lookup.find(quota);
      }

      @Override
      public Map<String, Long> starterRules() {
        return starters;
      }
    };
  }

  /** Policies keyed by {@code (ruleId, limitIndex)}, for tests and simple setups. */
  static QuotaPolicies of(Map<QuotaId, QuotaPolicy> byAggregateId) {
    // Looked up for every quota of every report and tick: by rule id, then limit index, with the
    // answers made once, so a lookup neither builds a key nor allocates an Optional.
    Map<String, List<Optional<QuotaPolicy>>> byRule = new HashMap<>();
    byAggregateId.forEach((id, policy) -> {
      Objects.requireNonNull(policy, "policy");
      List<Optional<QuotaPolicy>> limits = byRule.computeIfAbsent(id.ruleId(), r -> new ArrayList<>());
      while (limits.size() <= id.limitIndex()) {
        limits.add(Optional.empty());
      }
      limits.set(id.limitIndex(), Optional.of(policy));
    });
    Map<String, List<Optional<QuotaPolicy>>> frozen = new HashMap<>();
    byRule.forEach((rule, limits) -> frozen.put(rule, List.copyOf(limits)));
    return quota -> {
      List<Optional<QuotaPolicy>> limits = frozen.get(quota.ruleId());
      int index = quota.limitIndex();
      return limits == null || index < 0 || index >= limits.size() ? Optional.empty() : limits.get(index);
    };
  }
}
