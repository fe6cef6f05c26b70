package io.leasehold.model.message;

import java.math.BigInteger;

/**
 * The fixed-point unit of every rate in the wire protocol: <b>micro-tokens per second</b>, as a
 * {@code long}. One token per hour is 277 micro-tokens/s, so hourly and daily limits keep useful
 * precision without floating point on the wire.
 *
 * <p>The largest rate, {@link #MAX_PER_SECOND} = 10^14 (10^8 tokens/s), is chosen so that what
 * it accrues over {@link #MAX_ACCRUAL_NANOS} (one day) is at most 8.64 × 10^18 micro-tokens and
 * fits in a {@code long}; {@link #accrued} computes that amount exactly with 64-bit arithmetic.
 * A naive {@code rate * nanos} would overflow after a few microseconds at high rates: use
 * {@link #accrued}.
 */
public final class MicroTokens {

  /** Micro-tokens in one token. */
  public static final long PER_TOKEN = 1_000_000L;

  /** Largest rate, in micro-tokens per second (10^8 tokens per second). */
  public static final long MAX_PER_SECOND = 100_000_000_000_000L;

  /** Longest interval {@link #accrued} accepts: one day, in nanoseconds. */
  public static final long MAX_ACCRUAL_NANOS = 86_400_000_000_000L;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final BigInteger MICROS_PER_TOKEN_TIMES_NANOS_PER_SECOND =
      BigInteger.valueOf(PER_TOKEN).multiply(BigInteger.valueOf(NANOS_PER_SECOND));

  private MicroTokens() {}

  /**
   * Micro-tokens accrued at {@code microTokensPerSecond} over {@code nanos}, rounded down (never
   * over-admits). Exact for every rate in [0, {@link #MAX_PER_SECOND}] and interval in [0,
   * {@link #MAX_ACCRUAL_NANOS}]; cap longer intervals (e.g. at the time to fill the bucket) first.
   *
   * @throws IllegalArgumentException when an argument is outside those ranges
   */
  public static long accrued(long microTokensPerSecond, long nanos) {
    if (microTokensPerSecond < 0 || microTokensPerSecond > MAX_PER_SECOND) {
      throw new IllegalArgumentException("microTokensPerSecond: " + microTokensPerSecond
          + ": must be in [0, " + MAX_PER_SECOND + "]");
    }
    if (nanos < 0 || nanos > MAX_ACCRUAL_NANOS) {
      throw new IllegalArgumentException("nanos: " + nanos + ": must be in [0, " + MAX_ACCRUAL_NANOS + "]");
    }
    // rate * (s + r / 1e9) with rate = a * 1e9 + b: every partial product stays below 10^19.
    long wholeSeconds = nanos / NANOS_PER_SECOND;
    long remainderNanos = nanos % NANOS_PER_SECOND;
    long rateHigh = microTokensPerSecond / NANOS_PER_SECOND;
    long rateLow = microTokensPerSecond % NANOS_PER_SECOND;
    return microTokensPerSecond * wholeSeconds
        + rateHigh * remainderNanos
        + rateLow * remainderNanos / NANOS_PER_SECOND;
  }

  /**
   * The rate of {@code tokens} per {@code periodNanos}, in micro-tokens per second, rounded down.
   * For turning configured limits ({@code 5000/h}) into wire rates.
   *
   * @throws IllegalArgumentException when tokens is negative, the period is not positive, or the
   *     rate exceeds {@link #MAX_PER_SECOND}
   */
  public static long perSecond(long tokens, long periodNanos) {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens: " + tokens + ": must be >= 0");
    }
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("periodNanos: " + periodNanos + ": must be > 0");
    }
    long scale = PER_TOKEN * NANOS_PER_SECOND;
    if (Math.multiplyHigh(tokens, scale) == 0 && tokens * scale >= 0) {
      // Called for every unleased quota of every edge report: long arithmetic while it fits.
      long fast = tokens * scale / periodNanos;
      if (fast <= MAX_PER_SECOND) {
        return fast;
      }
    }
    BigInteger rate = BigInteger.valueOf(tokens)
        .multiply(MICROS_PER_TOKEN_TIMES_NANOS_PER_SECOND)
        .divide(BigInteger.valueOf(periodNanos));
    if (rate.compareTo(BigInteger.valueOf(MAX_PER_SECOND)) > 0) {
      throw new IllegalArgumentException(tokens + " tokens per " + periodNanos + " ns: exceeds the largest rate, "
          + MAX_PER_SECOND / PER_TOKEN + " tokens/s");
    }
    return rate.longValueExact();
  }

  /** A rate in tokens per second, for display. */
  public static double toTokensPerSecond(long microTokensPerSecond) {
    return microTokensPerSecond / (double) PER_TOKEN;
  }
}
