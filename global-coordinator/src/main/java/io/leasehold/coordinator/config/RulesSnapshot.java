package io.leasehold.coordinator.config;

import io.leasehold.coordinator.ConfigProblem;
import io.leasehold.coordinator.ConfigSnapshot;
import io.leasehold.coordinator.core.PoolConfig;
import io.leasehold.coordinator.core.QuotaRules;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A store snapshot read back as rules. Everything in the store was validated when written, but a
 * write that bypassed the store (etcdctl) could not be: such a snapshot is reported as invalid,
 * and the coordinator keeps enforcing the last good one (DESIGN.md invariant 5).
 *
 * @param revision the snapshot's config revision
 * @param rules the rules, in id order (empty when invalid)
 * @param problems what is wrong with it; empty when valid
 */
public record RulesSnapshot(long revision, RuleSet rules, List<ConfigProblem> problems) {

  public RulesSnapshot {
    problems = List.copyOf(problems);
  }

  public static RulesSnapshot of(ConfigSnapshot snapshot) {
    List<ConfigProblem> problems = new RulesValidator().validate(snapshot.rulesById());
    if (!problems.isEmpty()) {
      return new RulesSnapshot(snapshot.revision(), RuleSet.EMPTY, problems);
    }
    List<Rule> rules = new ArrayList<>();
    snapshot.rulesById().values().forEach(json -> {
      ConfigResult<Rule> parsed = RuleConfig.parseRule(json);
      rules.add(parsed.value());
    });
    return new RulesSnapshot(snapshot.revision(), new RuleSet(rules), List.of());
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  /**
   * What the central pool enforces, and what regions receive: the rules as canonical JSON (which
   * is also YAML, so {@code RuleConfig.parseYaml} reads it too).
   */
  public PoolConfig toPoolConfig() {
    return new PoolConfig(revision, revision == 0 ? Optional.empty() : Optional.of(rules.toJson()),
        QuotaRules.of(rules));
  }
}
