package io.leasehold.model.rules;

import io.leasehold.model.rules.parse.RuleWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A complete, valid rule configuration: rules in configuration order, ids unique. Pure value: the
 * store's revision is kept beside it, not in it.
 */
public record RuleSet(List<Rule> rules) {

  /** Most rules one configuration may hold. */
  public static final int MAX_RULES = 10_000;

  public static final RuleSet EMPTY = new RuleSet(List.of());

  public RuleSet {
    rules = List.copyOf(rules);
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("duplicate rule id " + rule.id());
      }
    }
  }

  public static RuleSet of(Rule... rules) {
    return new RuleSet(List.of(rules));
  }

  public Optional<Rule> rule(String id) {
    for (Rule rule : rules) {
      if (rule.id().equals(id)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  /** This set with {@code rule} replacing the rule of the same id in place, or appended. */
  public RuleSet with(Rule rule) {
    List<Rule> next = new ArrayList<>(rules);
    for (int i = 0; i < next.size(); i++) {
      if (next.get(i).id().equals(rule.id())) {
        next.set(i, rule);
        return new RuleSet(next);
      }
    }
    next.add(rule);
    return new RuleSet(next);
  }

  /** This set without the rule {@code id} (the same set when there is none). */
  public RuleSet without(String id) {
    List<Rule> next = new ArrayList<>(rules);
    next.removeIf(rule -> rule.id().equals(id));
    return next.size() == rules.size() ? this : new RuleSet(next);
  }

  /** Canonical YAML: every effective value written out; parses back to an equal set. */
  public String toYaml() {
    return RuleWriter.toYaml(this);
  }

  /** Canonical compact JSON; parses back to an equal set. */
  public String toJson() {
    return RuleWriter.toJson(this);
  }
}
