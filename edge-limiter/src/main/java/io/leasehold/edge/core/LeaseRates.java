package io.leasehold.edge.core;

import io.leasehold.model.bucket.Rate;
import io.leasehold.model.message.MicroTokens;

/**
 * Converts wire rates (micro-tokens per second) to the exact token-bucket {@link Rate}, rounding
 * down when the exact fraction does not fit, so a conversion never creates capacity
 * (shared-model/docs/protocol.md, "Units at the seams").
 */
final class LeaseRates {
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private LeaseRates() {}

  static Rate toBucketRate(long microTokensPerSecond) {
    if (microTokensPerSecond <= 0) {
      return Rate.NONE;
    }
    long perToken = MicroTokens.PER_TOKEN;
    if (microTokensPerSecond % perToken == 0) {
      return Rate.perSecond(Math.min(Rate.MAX_TOKENS, microTokensPerSecond / perToken));
    }
    // x micro-tokens/s = (x/g) tokens per (10^6/g) s, exact when that period is at most a day.
    long g = gcd(microTokensPerSecond, perToken);
    long tokens = microTokensPerSecond / g;
    long periodSeconds = perToken / g;
    if (periodSeconds <= SECONDS_PER_DAY && tokens <= Rate.MAX_TOKENS) {
      return new Rate(tokens, periodSeconds * NANOS_PER_SECOND);
    }
    long perDay = Math.multiplyHigh(microTokensPerSecond, SECONDS_PER_DAY) == 0
        ? microTokensPerSecond * SECONDS_PER_DAY / perToken
        : Long.MAX_VALUE;
    if (perDay <= Rate.MAX_TOKENS) {
      return Rate.perDay(perDay);
    }
    return Rate.perSecond(Math.min(Rate.MAX_TOKENS, microTokensPerSecond / perToken));
  }

  /** Whole tokens a rate accrues in one second (the floor's burst), at least 1 for a positive rate. */
  static long tokensPerSecond(long microTokensPerSecond) {
    if (microTokensPerSecond <= 0) {
      return 0;
    }
    return Math.max(1, Math.min(Rate.MAX_TOKENS, microTokensPerSecond / MicroTokens.PER_TOKEN));
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
