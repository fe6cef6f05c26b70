package io.leasehold.model.bucket;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An exact refill rate: {@code tokens} per {@code periodNanos}. Kept as a rational, never as a
 * floating-point "tokens per second", so that 1 token per day or 10^12 tokens per day refill
 * without drift.
 *
 * @param tokens tokens added per period, {@code 0 ≤ tokens ≤ }{@link #MAX_TOKENS}; 0 means no
 *     refill (a lease that only spends what it was granted)
 * @param periodNanos the period in nanoseconds, {@code 1 ≤ periodNanos ≤ }{@link #MAX_PERIOD_NANOS};
 *     rules use 1 s, 1 min, 1 h or 1 d, leases may use any period
 */
public record Rate(long tokens, long periodNanos) {

  /** The largest rate numerator and burst the rules allow: 10^12 tokens. */
  public static final long MAX_TOKENS = 1_000_000_000_000L;

  /** The longest period: one day. */
  public static final long MAX_PERIOD_NANOS = TimeUnit.DAYS.toNanos(1);

  public static final Rate NONE = new Rate(0, TimeUnit.SECONDS.toNanos(1));

  public Rate {
    if (tokens < 0 || tokens > MAX_TOKENS) {
      throw new IllegalArgumentException(
          "rate.tokens: " + tokens + " is out of range; must be between 0 and " + MAX_TOKENS);
    }
    if (periodNanos < 1 || periodNanos > MAX_PERIOD_NANOS) {
      throw new IllegalArgumentException(
          "rate.periodNanos: " + periodNanos + " is out of range; must be between 1 and "
              + MAX_PERIOD_NANOS + " (one day)");
    }
  }

  public static Rate perSecond(long tokens) {
    return new Rate(tokens, TimeUnit.SECONDS.toNanos(1));
  }

  public static Rate perMinute(long tokens) {
    return new Rate(tokens, TimeUnit.MINUTES.toNanos(1));
  }

  public static Rate perHour(long tokens) {
    return new Rate(tokens, TimeUnit.HOURS.toNanos(1));
  }

  public static Rate perDay(long tokens) {
    return new Rate(tokens, TimeUnit.DAYS.toNanos(1));
  }

  public static Rate of(long tokens, Duration period) {
    if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "rate.period: " + period + " is out of range; must be more than 0 and at most 1 day");
    }
    return new Rate(tokens, period.toNanos());
  }

  @Override
  public String toString() {
    return tokens + "/" + Duration.ofNanos(periodNanos);
  }
}
