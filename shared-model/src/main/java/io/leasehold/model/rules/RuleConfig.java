package io.leasehold.model.rules;

import io.leasehold.model.rules.parse.ConfigReader;
import io.leasehold.model.rules.parse.ConfigReader.Format;
import io.leasehold.model.rules.parse.ConfigReader.Read;
import io.leasehold.model.rules.parse.RuleParser;
import io.leasehold.model.rules.parse.RuleWriter;
import java.io.InputStream;
import java.util.List;

/**
 * Reads and writes rule configuration (DESIGN.md §6). Reading never throws for bad input: a result
 * is either the rules or every problem found, each with its path, offending value and reason.
 */
public final class RuleConfig {

  private RuleConfig() {}

  /** A whole configuration, {@code rules: [...]}, in YAML (JSON is YAML too, so either works). */
  public static ConfigResult<RuleSet> parseYaml(String text) {
    return ruleSet(ConfigReader.read(Format.YAML, text));
  }

  public static ConfigResult<RuleSet> parseYaml(InputStream in) {
    return ruleSet(ConfigReader.read(Format.YAML, in));
  }

  /** A whole configuration in strict JSON. */
  public static ConfigResult<RuleSet> parseJson(String text) {
    return ruleSet(ConfigReader.read(Format.JSON, text));
  }

  public static ConfigResult<RuleSet> parseJson(InputStream in) {
    return ruleSet(ConfigReader.read(Format.JSON, in));
  }

  /** One rule in JSON (the body of {@code PUT /v1/rules/{id}}); problem paths are relative to the rule. */
  public static ConfigResult<Rule> parseRule(String json) {
    return rule(ConfigReader.read(Format.JSON, json));
  }

  /** One rule in YAML. */
  public static ConfigResult<Rule> parseRuleYaml(String yaml) {
    return rule(ConfigReader.read(Format.YAML, yaml));
  }

  /** Canonical JSON of one rule; {@link #parseRule} reads it back to an equal rule. */
  public static String toJson(Rule rule) {
    return RuleWriter.toJson(rule);
  }

  public static String toYaml(Rule rule) {
    return RuleWriter.toYaml(rule);
  }

  /**
   * Checks a rule set built in code with the same checks as configuration (by writing and reading
   * it back); empty when it is valid and survives a round trip unchanged.
   */
  public static List<ConfigProblem> validate(RuleSet rules) {
    ConfigResult<RuleSet> reread = parseJson(rules.toJson());
    if (!reread.isValid()) {
      return reread.problems();
    }
    if (!reread.value().equals(rules)) {
      return List.of(new ConfigProblem(ConfigReader.DOCUMENT, null,
          "does not survive a round trip: a setting does not apply to its rule's scope"));
    }
    return List.of();
  }

  private static ConfigResult<RuleSet> ruleSet(Read read) {
    if (read.tree() == null) {
      return ConfigResult.invalid(read.problems());
    }
    try {
      return RuleParser.ruleSet(read.tree());
    } catch (RuntimeException e) { // a parser bug must still not surface as a stack trace to a user
      return ConfigResult.invalid(List.of(internalError(e)));
    }
  }

  private static ConfigResult<Rule> rule(Read read) {
    if (read.tree() == null) {
      return ConfigResult.invalid(read.problems());
    }
    try {
      return RuleParser.rule(read.tree());
    } catch (RuntimeException e) {
      return ConfigResult.invalid(List.of(internalError(e)));
    }
  }

  private static ConfigProblem internalError(RuntimeException e) {
    return new ConfigProblem(ConfigReader.DOCUMENT, null, "could not be checked (internal error: " + e + ")");
  }
}
