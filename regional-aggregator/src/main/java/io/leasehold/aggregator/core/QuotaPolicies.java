package io.leasehold.aggregator.core;

import io.leasehold.model.QuotaId;
import java.util.Map;
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

  /** Policies keyed by {@code (ruleId, limitIndex)}, for tests and simple setups. */
  static QuotaPolicies of(Map<QuotaId, QuotaPolicy> byAggregateId) {
    Map<QuotaId, QuotaPolicy> copy = Map.copyOf(byAggregateId);
    return quota -> Optional.ofNullable(copy.get(QuotaId.aggregate(quota.ruleId(), quota.limitIndex())));
  }
}
