package io.leasehold.sim.scenario;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human quantities of scenario files: durations ({@code 250ms}), rates ({@code 100/s}), fractions ({@code 10%}). */
final class Quantities {
  private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s|m|h)");
  private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*/\\s*(s|sec|second|m|min|minute|h|hour|d|day)");

  private Quantities() {}

  /** Nanoseconds; throws {@link IllegalArgumentException} with the reason. */
  static long durationNanos(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a duration; write a number with a unit: ns, us, ms, s, m or h (e.g. 250ms, 1.5s)");
    }
    double value = Double.parseDouble(m.group(1));
    double unitNanos = switch (m.group(2)) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
    double nanos = value * unitNanos;
    if (nanos > Long.MAX_VALUE / 4) {
      throw new IllegalArgumentException("duration is too long");
    }
    return Math.round(nanos);
  }

  /** A rate {@code N/unit}: returns {tokens per second, N}. */
  static double[] rate(String text) {
    Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a rate; write N/unit with unit s, m, h or d (e.g. 100/s, 5000/h)");
    }
    double count = Double.parseDouble(m.group(1));
    double seconds = switch (m.group(2)) {
      case "s", "sec", "second" -> 1;
      case "m", "min", "minute" -> 60;
      case "h", "hour" -> 3600;
      default -> 86400;
    };
    return new double[] {count / seconds, count};
  }

  /** A fraction given as {@code 0.1} or {@code 10%}. */
  static double fraction(String text) {
    String t = text.trim();
    try {
      return t.endsWith("%")
          ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100.0
          : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a fraction; write 0.1 or 10%");
    }
  }
}
