package io.leasehold.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a stream written as space-separated {@code name=value} pairs, e.g.
 * {@code region=us-east rate=500 targets=http://127.0.0.1:8101,http://127.0.0.1:8102 path=/search
 * keys=constant} or {@code ... path=/api/items key-header=X-Api-Key keys=zipf:1000:1.1 method=GET
 * from=10} (seconds after the start).
 */
public final class StreamParser {
  private static final Set<String> FIELDS = Set.of("region", "rate", "targets", "path", "method", "key-header", "keys", "from");

  private StreamParser() {}

  private static double seconds(String text, String value) {
    try {
      double s = Double.parseDouble(value);
      if (s >= 0) {
        return s;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("stream \"" + text + "\": from \"" + value + "\" must be seconds ≥ 0");
  }

  public static LoadStream parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : text.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("stream \"" + text + "\": \"" + pair + "\" is not name=value");
      }
      String name = pair.substring(0, eq);
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("stream \"" + text + "\": unknown field \"" + name + "\"; expected one of "
            + FIELDS);
      }
      fields.put(name, pair.substring(eq + 1));
    }
    for (String required : List.of("region", "rate", "targets")) {
      if (!fields.containsKey(required)) {
        throw new IllegalArgumentException("stream \"" + text + "\": " + required + " is required");
      }
    }
    double rate;
    try {
      rate = Double.parseDouble(fields.get("rate"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("stream \"" + text + "\": rate \"" + fields.get("rate") + "\" is not a number");
    }
    KeyDistribution keys = KeyDistribution.parse(fields.getOrDefault("keys", "constant"));
    Optional<String> header = Optional.ofNullable(fields.get("key-header"));
    if (keys.kind() != KeyDistribution.Kind.CONSTANT && header.isEmpty()) {
      throw new IllegalArgumentException("stream \"" + text + "\": keys " + keys + " needs key-header=NAME");
    }
    return new LoadStream(fields.get("region"), Arrays.asList(fields.get("targets").split(",")), rate,
        fields.getOrDefault("method", "GET").toUpperCase(java.util.Locale.ROOT), fields.getOrDefault("path", "/"),
        header, keys, Duration.ofMillis(Math.round(seconds(text, fields.getOrDefault("from", "0")) * 1000)));
  }
}
