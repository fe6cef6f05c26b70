package io.leasehold.edge.core;

import io.leasehold.model.message.StarterCap;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleMatcher;
import io.leasehold.model.rules.RuleSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The rules in force, as one immutable snapshot that a deciding thread reads once per request. */
final class ActiveConfig {
  final RuleSet rules;
  final long revision;
  final RuleMatcher matcher;
  private final Map<String, RuleRuntime> byId;

  ActiveConfig(RuleSet rules, long revision, boolean standalone, ActiveConfig previous, RandomGenerator hashSeeds) {
    this.rules = rules;
    this.revision = revision;
    this.matcher = RuleMatcher.of(rules);
    this.byId = new HashMap<>();
    for (Rule rule : rules.rules()) {
      RuleRuntime kept = previous == null ? null : previous.byId.get(rule.id());
      // An unchanged rule keeps its runtime, so held entries and learned floors stay valid.
      byId.put(rule.id(), kept != null && kept.rule.equals(rule) ? kept : new RuleRuntime(rule, standalone, hashSeeds));
    }
  }

  RuleRuntime runtime(String ruleId) {
    return byId.get(ruleId);
  }

  /** Applies the aggregator's starter caps: listed rules get theirs, every other rule is uncapped. */
  void applyStarterCaps(List<StarterCap> caps) {
    Map<String, Long> byRule = new HashMap<>();
    for (StarterCap cap : caps) {
      byRule.put(cap.ruleId(), cap.tokens());
    }
    for (RuleRuntime runtime : byId.values()) {
      runtime.starterCap = byRule.getOrDefault(runtime.id, Long.MAX_VALUE);
    }
  }
}
