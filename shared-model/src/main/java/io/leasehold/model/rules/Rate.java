package io.leasehold.model.rules;

import java.math.BigInteger;
import java.util.Optional;

/**
 * {@code tokens} per {@code period}, kept as an exact rational (tokens / period nanos): no floating
 * point, so that refill arithmetic at every tier agrees to the token.
 *
 * <p>{@link #MAX_TOKENS} bounds a rate so that a bucket may keep its level in micro-tokens
 * (tokens × 10^6) in a {@code long}: 10^12 × 10^6 = 10^18 &lt; 2^63.
 */
public record Rate(long tokens, Period period) {

  /** Largest number of tokens per period a rule may configure. */
  public static final long MAX_TOKENS = 1_000_000_000_000L;

  public Rate {
    if (period == null) {
      throw new IllegalArgumentException("period is null");
    }
    if (tokens < 1 || tokens > MAX_TOKENS) {
      throw new IllegalArgumentException("tokens: " + tokens + " is outside [1, " + MAX_TOKENS + "]");
    }
  }

  public static Rate of(long tokens, Period period) {
    return new Rate(tokens, period);
  }

  public static Rate perSecond(long tokens) {
    return new Rate(tokens, Period.SECOND);
  }

  public static Rate perMinute(long tokens) {
    return new Rate(tokens, Period.MINUTE);
  }

  public static Rate perHour(long tokens) {
    return new Rate(tokens, Period.HOUR);
  }

  public static Rate perDay(long tokens) {
    return new Rate(tokens, Period.DAY);
  }

  /**
   * Parses {@code N/s}, {@code N/m}, {@code N/h} or {@code N/d} with N a decimal integer in
   * [1, {@link #MAX_TOKENS}]; empty for anything else (the config parser explains why).
   */
  public static Optional<Rate> parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 1 || slash > 13) {
      return Optional.empty();
    }
    Optional<Period> period = Period.fromSuffix(text.substring(slash + 1));
    if (period.isEmpty()) {
      return Optional.empty();
    }
    long tokens = 0;
    for (int i = 0; i < slash; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
      tokens = tokens * 10 + (c - '0');
    }
    if (tokens < 1 || tokens > MAX_TOKENS) {
      return Optional.empty();
    }
    return Optional.of(new Rate(tokens, period.get()));
  }

  public long periodNanos() {
    return period.nanos();
  }

  /**
   * The exact refill over {@code elapsedNanos}, in units of {@code 1/unitsPerToken} token:
   * {@code floor(elapsedNanos × tokens × unitsPerToken / periodNanos)}, saturating at
   * {@link Long#MAX_VALUE}. With {@code unitsPerToken = 1_000_000} a bucket keeps micro-tokens.
   */
  public long unitsAccrued(long elapsedNanos, long unitsPerToken) {
    if (elapsedNanos <= 0) {
      return 0;
    }
    return mulDivFloor(elapsedNanos, tokens, unitsPerToken, period.nanos());
  }

  /**
   * The least number of nanoseconds after which at least {@code units} units (of {@code
   * 1/unitsPerToken} token) have accrued: {@code ceil(units × periodNanos / (tokens ×
   * unitsPerToken))}, saturating at {@link Long#MAX_VALUE}. Used for {@code Retry-After}.
   */
  public long nanosToAccrue(long units, long unitsPerToken) {
    if (units <= 0) {
      return 0;
    }
    BigInteger numerator = BigInteger.valueOf(units).multiply(BigInteger.valueOf(period.nanos()));
    BigInteger denominator = BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(unitsPerToken));
    BigInteger[] qr = numerator.divideAndRemainder(denominator);
    BigInteger ceil = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    return saturate(ceil);
  }

  /** Nanoseconds per token, rounded up (exactly {@code periodNanos / tokens}; ≥ 1). */
  public long nanosPerToken() {
    return Math.max(1, nanosToAccrue(1, 1));
  }

  private static long mulDivFloor(long a, long b, long c, long divisor) {
    long bc = b * c;
    boolean bcFits = Math.multiplyHigh(b, c) == 0 && bc >= 0;
    if (bcFits) {
      long product = a * bc;
      if (Math.multiplyHigh(a, bc) == 0 && product >= 0) {
        return product / divisor; // the common case: no 128-bit arithmetic needed
      }
    }
    BigInteger exact = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).multiply(BigInteger.valueOf(c))
        .divide(BigInteger.valueOf(divisor));
    return saturate(exact);
  }

  private static long saturate(BigInteger value) {
    return value.bitLength() < 64 ? value.longValue() : Long.MAX_VALUE;
  }

  /** The same rate as the limiter type that enforces it. */
  public io.leasehold.model.bucket.Rate toBucketRate() {
    return new io.leasehold.model.bucket.Rate(tokens, periodNanos());
  }

  /**
   * The rate in the wire unit (micro-tokens per second, rounded down, capped at
   * {@link io.leasehold.model.message.MicroTokens#MAX_PER_SECOND}) used by leases, grants and reports.
   */
  public long microTokensPerSecond() {
    return Math.min(io.leasehold.model.message.MicroTokens.MAX_PER_SECOND,
        io.leasehold.model.message.MicroTokens.perSecond(tokens, periodNanos()));
  }

  /** The configuration form, e.g. {@code 100/s}. */
  @Override
  public String toString() {
    return tokens + "/" + period.suffix();
  }
}
