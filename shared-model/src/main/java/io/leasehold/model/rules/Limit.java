package io.leasehold.model.rules;

/**
 * One limit of a rule: {@code rate} tokens per period with a capacity of {@code burst} tokens.
 * Several limits on one rule are AND-ed (e.g. 100/s and 5000/h).
 */
public record Limit(Rate rate, long burst, Algorithm algorithm) {

  /** Largest burst a rule may configure (same bound as {@link Rate#MAX_TOKENS}). */
  public static final long MAX_BURST = 1_000_000_000_000L;

  public Limit {
    if (rate == null || algorithm == null) {
      throw new IllegalArgumentException("rate and algorithm are required");
    }
    if (burst < 1 || burst > MAX_BURST) {
      throw new IllegalArgumentException("burst: " + burst + " is outside [1, " + MAX_BURST + "]");
    }
    if (algorithm == Algorithm.SLIDING_WINDOW && burst != rate.tokens()) {
      throw new IllegalArgumentException("a sliding window's burst must equal its rate's tokens");
    }
  }

  /** A token bucket whose burst equals the rate's tokens (the configuration default). */
  public static Limit of(Rate rate) {
    return new Limit(rate, rate.tokens(), Algorithm.TOKEN_BUCKET);
  }

  public static Limit of(Rate rate, long burst) {
    return new Limit(rate, burst, Algorithm.TOKEN_BUCKET);
  }

  public static Limit slidingWindow(Rate rate) {
    return new Limit(rate, rate.tokens(), Algorithm.SLIDING_WINDOW);
  }
}
