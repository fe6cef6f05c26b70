package io.leasehold.model.rules;

import java.time.Duration;
import java.util.Optional;

/** The period a {@link Rate} counts tokens over; written as the suffix of a rate ({@code 100/s}). */
public enum Period {
  SECOND("s", 1_000_000_000L),
  MINUTE("m", 60_000_000_000L),
  HOUR("h", 3_600_000_000_000L),
  DAY("d", 86_400_000_000_000L);

  private final String suffix;
  private final long nanos;

  Period(String suffix, long nanos) {
    this.suffix = suffix;
    this.nanos = nanos;
  }

  /** The suffix used in configuration: {@code s}, {@code m}, {@code h} or {@code d}. */
  public String suffix() {
    return suffix;
  }

  public long nanos() {
    return nanos;
  }

  public Duration duration() {
    return Duration.ofNanos(nanos);
  }

  public static Optional<Period> fromSuffix(String suffix) {
    for (Period p : values()) {
      if (p.suffix.equals(suffix)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
