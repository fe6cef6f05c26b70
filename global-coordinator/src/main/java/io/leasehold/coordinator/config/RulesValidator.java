package io.leasehold.coordinator.config;

import io.leasehold.coordinator.ConfigProblem;
import io.leasehold.coordinator.ConfigValidator;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link ConfigValidator} of the rules store: every rule must parse with the shared rules
 * parser ({@link RuleConfig}), be stored under its own id, and the whole set must pass the
 * cross-rule checks. Problem paths name the rule: {@code rules[api-per-key].limits[0].rate}.
 */
public final class RulesValidator implements ConfigValidator {

  @Override
  public List<ConfigProblem> validate(Map<String, String> rulesById) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    new TreeMap<>(rulesById).forEach((id, json) -> {
      ConfigResult<Rule> parsed = RuleConfig.parseRule(json);
      if (!parsed.isValid()) {
        parsed.problems().forEach(p -> problems.add(convert("rules[" + id + "]", p)));
      } else if (!parsed.value().id().equals(id)) {
        problems.add(new ConfigProblem("rules[" + id + "].id", parsed.value().id(),
            "must equal the id the rule is stored under (" + id + ")"));
      } else {
        rules.add(parsed.value());
      }
    });
    if (problems.isEmpty()) {
      if (rules.size() > RuleSet.MAX_RULES) {
        problems.add(new ConfigProblem("rules", String.valueOf(rules.size()), "at most " + RuleSet.MAX_RULES + " rules"));
      } else {
        RuleConfig.validate(new RuleSet(rules)).forEach(p -> problems.add(convert("", p)));
      }
    }
    return problems;
  }

  /** A rules-parser problem with its path prefixed ({@code rules[id]}), as the admin API reports it. */
  public static ConfigProblem convert(String prefix, io.leasehold.model.rules.ConfigProblem problem) {
    String path = problem.path();
    if (!prefix.isEmpty()) {
      path = path.equals("config") || path.isEmpty() ? prefix
          : path.startsWith("[") ? prefix + path : prefix + "." + path;
    }
    return new ConfigProblem(path, problem.value(), problem.reason());
  }
}
