package io.leasehold.sim.reference;

import io.leasehold.sim.LimitSpec;
import io.leasehold.sim.Limiter;
import io.leasehold.sim.LimiterFactory;
import io.leasehold.sim.engine.LongObjectMap;
import io.leasehold.sim.scenario.RuleLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Lazily created limiters for every quota one enforcement point has seen: one table per region
 * baseline, one for a global bucket. A quota is (rule index, key); its limits come from the current
 * rules through {@code scale} (identity, or a static split's share).
 */
final class QuotaLimiters {
  private final LimiterFactory factory;
  private final UnaryOperator<LimitSpec> scale;
  private final LongObjectMap<Limiter> limiters = new LongObjectMap<>(1024);
  private List<List<LimitSpec>> limitsByRule;

  QuotaLimiters(LimiterFactory factory, List<RuleLimits> rules, UnaryOperator<LimitSpec> scale) {
    this.factory = factory;
    this.scale = scale;
    this.limitsByRule = scaled(rules);
  }

  static long quotaKey(int rule, long key) {
    return ((long) rule << 48) | key;
  }

  boolean tryAcquire(int rule, long key, long nowNanos, long cost) {
    long quota = quotaKey(rule, key);
    Limiter limiter = limiters.get(quota);
    if (limiter == null) {
      limiter = factory.create(limitsByRule.get(rule), nowNanos);
      limiters.put(quota, limiter);
    }
    return limiter.tryAcquire(nowNanos, cost);
  }

  /** Applies changed rules to every existing quota (and to quotas created from now on). */
  void reconfigure(List<RuleLimits> rules, long nowNanos) {
    limitsByRule = scaled(rules);
    limiters.forEach((quota, limiter) ->
        limiter.reconfigure(limitsByRule.get((int) (quota >>> 48)), nowNanos));
  }

  int size() {
    return limiters.size();
  }

  private List<List<LimitSpec>> scaled(List<RuleLimits> rules) {
    List<List<LimitSpec>> result = new ArrayList<>();
    for (RuleLimits rule : rules) {
      result.add(rule.limits().stream().map(scale).toList());
    }
    return result;
  }
}
