package io.leasehold.model;

import java.util.Objects;

/**
 * The unit of allocation and enforcement: one limit of one rule for one key value (DESIGN.md §1).
 *
 * <p>The empty key is reserved for the rule-level aggregate
 * quota (a {@code constant}-key rule, or the sum over all keys of a per-key rule); key extractors
 * must never produce an empty key for a per-key quota.
 *
 * <p>{@link #asString()} is a compact, unambiguous string form for map and Redis keys:
 * {@code ruleId/limitIndex/key}, where only the rule id is escaped ({@code %} as {@code %25},
 * {@code /} as {@code %2F}). The key is the remainder of the string after the second separator,
 * so it may contain any character, separators included, without escaping and without cost.
 *
 * <p>A value class with a record's accessors, equality and hash (the hash the record had, so maps
 * iterate as before), the hash worked out once: quotas are looked up several times per report
 * (the leaser's quota table, grants, hot keys; the edge's report batch), and the record hashed
 * both strings each time, the key's a cache miss where a key space is large.
 */
public final class QuotaId {

  /** Key of the rule-level aggregate quota. */
  public static final String AGGREGATE_KEY = "";

  private static final char SEPARATOR = '/';
  private static final char ESCAPE = '%';

  private final String ruleId;
  private final int limitIndex;
  private final String key;
  private final int hash;

  /**
   * @param ruleId id of the rule, non-empty
   * @param limitIndex position of the limit within the rule, {@code >= 0}
   * @param key the key value the rule extracted from a request; empty for the rule aggregate
   */
  public QuotaId(String ruleId, int limitIndex, String key) {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(key, "key");
    if (ruleId.isEmpty()) {
      throw new IllegalArgumentException("ruleId: \"\": must not be empty");
    }
    if (limitIndex < 0) {
      throw new IllegalArgumentException("limitIndex: " + limitIndex + ": must be >= 0");
    }
    this.ruleId = ruleId;
    this.limitIndex = limitIndex;
    this.key = key;
    this.hash = (31 * ruleId.hashCode() + limitIndex) * 31 + key.hashCode();
  }

  /** Id of the rule. */
  public String ruleId() {
    return ruleId;
  }

  /** Position of the limit within the rule. */
  public int limitIndex() {
    return limitIndex;
  }

  /** The key value; empty for the rule aggregate. */
  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || other instanceof QuotaId q && q.hash == hash && q.limitIndex == limitIndex
            && q.key.equals(key) && q.ruleId.equals(ruleId);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The rule-level aggregate quota of one limit of a rule. */
  public static QuotaId aggregate(String ruleId, int limitIndex) {
    return new QuotaId(ruleId, limitIndex, AGGREGATE_KEY);
  }

  /** Whether this is a rule-level aggregate quota (empty key). */
  public boolean isAggregate() {
    return key.isEmpty();
  }

  /** The compact string form, {@code ruleId/limitIndex/key}; {@link #parse} reverses it. */
  public String asString() {
    if (ruleId.indexOf(ESCAPE) < 0 && ruleId.indexOf(SEPARATOR) < 0) {
      return ruleId + SEPARATOR + limitIndex + SEPARATOR + key; // one exact-size copy, no builder
    }
    StringBuilder out = new StringBuilder(ruleId.length() + key.length() + 8);
    for (int i = 0; i < ruleId.length(); i++) {
      char c = ruleId.charAt(i);
      if (c == ESCAPE) {
        out.append("%25");
      } else if (c == SEPARATOR) {
        out.append("%2F");
      } else {
        out.append(c);
      }
    }
    return out.append(SEPARATOR).append(limitIndex).append(SEPARATOR).append(key).toString();
  }

  /** Same as {@link #asString()}, so that logs and map dumps show the compact form. */
  @Override
  public String toString() {
    return asString();
  }

  /**
   * Parses the form written by {@link #asString()}.
   *
   * @throws IllegalArgumentException naming the offending part when {@code text} is not such a form
   */
  public static QuotaId parse(String text) {
    Objects.requireNonNull(text, "text");
    int firstSeparator = text.indexOf(SEPARATOR);
    if (firstSeparator < 0) {
      throw invalid(text, "has no '/' after the rule id");
    }
    int secondSeparator = text.indexOf(SEPARATOR, firstSeparator + 1);
    if (secondSeparator < 0) {
      throw invalid(text, "has no '/' after the limit index");
    }
    String ruleId = unescapeRuleId(text, firstSeparator);
    int limitIndex = parseLimitIndex(text, firstSeparator + 1, secondSeparator);
    return new QuotaId(ruleId, limitIndex, text.substring(secondSeparator + 1));
  }

  private static String unescapeRuleId(String text, int end) {
    if (end == 0) {
      throw invalid(text, "has an empty rule id");
    }
    StringBuilder out = null;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c != ESCAPE) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(end).append(text, 0, i);
      }
      if (text.startsWith("%25", i) && i + 3 <= end) {
        out.append(ESCAPE);
      } else if (text.startsWith("%2F", i) && i + 3 <= end) {
        out.append(SEPARATOR);
      } else {
        throw invalid(text, "has an invalid escape at index " + i + " (only %25 and %2F are used)");
      }
      i += 2;
    }
    return out == null ? text.substring(0, end) : out.toString();
  }

  private static int parseLimitIndex(String text, int start, int end) {
    int length = end - start;
    if (length == 0 || length > 10 || (length > 1 && text.charAt(start) == '0')) {
      throw invalid(text, "has an invalid limit index '" + text.substring(start, end) + "'");
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(text, "has an invalid limit index '" + text.substring(start, end) + "'");
      }
      value = value * 10 + (c - '0');
    }
    if (value > Integer.MAX_VALUE) {
      throw invalid(text, "has a limit index beyond " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    return new IllegalArgumentException("quota id: \"" + shown + "\": " + reason
        + "; expected ruleId/limitIndex/key");
  }
}
