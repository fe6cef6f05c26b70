package io.leasehold.model.rules;

/**
 * Tokens one request takes from each of its rule's limits: fixed, or read from a request header.
 *
 * <p>A header cost is a decimal integer. A value above {@code maxCost} is clamped to {@code
 * maxCost}; a missing, empty, non-numeric, negative or zero value costs {@code defaultCost} (so a
 * caller cannot make requests free by sending garbage). For a fixed cost, {@code header} is null and
 * {@code defaultCost == maxCost}.
 */
public record Cost(String header, long defaultCost, long maxCost) {

  /** The cost of a request to a rule that configures none. */
  public static final Cost ONE = new Cost(null, 1, 1);

  public Cost {
    if (defaultCost < 1 || maxCost < defaultCost || maxCost > Limit.MAX_BURST) {
      throw new IllegalArgumentException(
          "cost: need 1 <= default (" + defaultCost + ") <= max (" + maxCost + ") <= " + Limit.MAX_BURST);
    }
    if (header == null && defaultCost != maxCost) {
      throw new IllegalArgumentException("a fixed cost has default == max");
    }
  }

  public static Cost fixed(long tokens) {
    return new Cost(null, tokens, tokens);
  }

  /** Cost read from header {@code name} (stored lower-case: header names are case-insensitive). */
  public static Cost fromHeader(String name, long defaultCost, long maxCost) {
    return new Cost(name.toLowerCase(java.util.Locale.ROOT), defaultCost, maxCost);
  }

  public boolean isFixed() {
    return header == null;
  }

  /** The cost of this request. */
  public long of(RequestView request) {
    return header == null ? defaultCost : ofHeaderValue(request.header(header));
  }

  /** The cost for a raw header value (null when the header is absent); never allocates. */
  public long ofHeaderValue(String value) {
    if (value == null) {
      return defaultCost;
    }
    int start = 0;
    int end = value.length();
    while (start < end && isOptionalWhitespace(value.charAt(start))) {
      start++;
    }
    while (end > start && isOptionalWhitespace(value.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return defaultCost;
    }
    long parsed = 0;
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return defaultCost;
      }
      if (parsed > maxCost) {
        parsed = maxCost + 1; // keep scanning: a later non-digit still makes the value invalid
      } else {
        parsed = parsed * 10 + (c - '0');
      }
    }
    if (parsed == 0) {
      return defaultCost;
    }
    return Math.min(parsed, maxCost);
  }

  private static boolean isOptionalWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
