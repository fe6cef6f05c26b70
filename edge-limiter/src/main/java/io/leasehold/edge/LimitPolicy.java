package io.leasehold.edge;

/**
 * One limit of one rule as clients see it in rate-limit headers. Built once per rule set, so a
 * decision only points at it.
 *
 * @param ruleId the rule's id: the policy name in {@code RateLimit} / {@code RateLimit-Policy} and
 *     in the problem body's {@code violated-policies}
 * @param limitIndex the limit's position in its rule
 * @param quota tokens per window ({@code q} in {@code RateLimit-Policy}, {@code X-RateLimit-Limit})
 * @param windowSeconds the window in whole seconds ({@code w})
 * @param policyItem the ready-made {@code RateLimit-Policy} list item, e.g. {@code "api";q=100;w=1}
 * @param policyName the policy name as an RFC 9651 string, quotes included, e.g. {@code "api"}
 *     (a second limit of a rule is named {@code "api#1"})
 */
public record LimitPolicy(
    String ruleId, int limitIndex, long quota, long windowSeconds, String policyItem, String policyName) {

  /** The policy of limit {@code limitIndex} of rule {@code ruleId}, with its header forms. */
  public static LimitPolicy of(String ruleId, int limitIndex, long quota, long windowSeconds) {
    String name = limitIndex == 0 ? ruleId : ruleId + "#" + limitIndex;
    String quoted = quote(name);
    return new LimitPolicy(ruleId, limitIndex, quota, windowSeconds,
        quoted + ";q=" + quota + ";w=" + windowSeconds, quoted);
  }

  /** An RFC 9651 sf-string: rule ids are printable ASCII, but escape '"' and '\' to stay well-formed. */
  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.append('"').toString();
  }
}
