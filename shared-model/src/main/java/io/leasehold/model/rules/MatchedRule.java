package io.leasehold.model.rules;

/**
 * A rule that applies to a request, with the request's key for it. Each of the rule's limits is one
 * quota: {@code (rule.id(), limit index, key)}.
 */
public record MatchedRule(Rule rule, String key) {}
