package io.leasehold.model.rules;

import io.leasehold.model.rules.match.CompiledRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the rules that apply to a request and the request's key for each: the edge's first step on
 * the request path. Built once per rule set (globs compiled, rules pre-sorted most specific first),
 * then read-only and safe to share between threads.
 *
 * <p>Every matching rule applies (their limits are AND-ed); the order only says which is most
 * specific, e.g. to name the policy in a 429. Cost: one pass over the rules with the cheapest test
 * first (method, then path segments, then headers); no regex, and no allocation for a request that
 * matches nothing or whose keys need no escaping (composite keys build one string).
 */
public final class RuleMatcher {

  private final RuleSet rules;
  private final CompiledRule[] compiled;

  private RuleMatcher(RuleSet rules) {
    this.rules = rules;
    List<CompiledRule> list = new ArrayList<>();
    rules.rules().forEach(rule -> list.add(new CompiledRule(rule)));
    list.sort(CompiledRule.MOST_SPECIFIC_FIRST);
    this.compiled = list.toArray(new CompiledRule[0]);
  }

  public static RuleMatcher of(RuleSet rules) {
    return new RuleMatcher(rules);
  }

  public RuleSet rules() {
    return rules;
  }

  /** The matching rules with their keys, most specific first; an empty list when none match. */
  public List<MatchedRule> match(RequestView request) {
    List<MatchedRule> matched = null;
    for (CompiledRule rule : compiled) {
      if (rule.matches(request)) {
        if (matched == null) {
          matched = new ArrayList<>(4);
        }
        matched.add(new MatchedRule(rule.rule(), rule.key(request)));
      }
    }
    return matched == null ? List.of() : matched;
  }

  /** Hands each matching rule and key to {@code sink}, most specific first; returns how many matched. */
  public int match(RequestView request, MatchSink sink) {
    int count = 0;
    for (CompiledRule rule : compiled) {
      if (rule.matches(request)) {
        sink.accept(rule.rule(), rule.key(request));
        count++;
      }
    }
    return count;
  }
}
