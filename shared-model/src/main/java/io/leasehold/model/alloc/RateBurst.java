package io.leasehold.model.alloc;

/**
 * A rate and a burst, the two dimensions of every capacity, target and grant.
 *
 * <p>Units: {@code rate} in milli-tokens per second, {@code burst} in milli-tokens (1 token =
 * {@value #MILLI_PER_TOKEN}). Integers let the allocator prove that shares never sum above the
 * capacity: every division rounds down and the remainder is handed out unit by unit.
 */
public record RateBurst(long rate, long burst) {
  public static final long MILLI_PER_TOKEN = 1_000L;
  /** Upper bound for any amount (about 1.15·10^15 tokens/s): keeps every sum and product exact. */
  public static final long MAX_AMOUNT = 1L << 60;
  public static final RateBurst ZERO = new RateBurst(0, 0);

  public RateBurst {
    requireAmount("rate", rate);
    requireAmount("burst", burst);
  }

  /** From whole tokens per second and whole tokens. */
  public static RateBurst ofTokens(long tokensPerSecond, long burstTokens) {
    return new RateBurst(
        Math.multiplyExact(tokensPerSecond, MILLI_PER_TOKEN), Math.multiplyExact(burstTokens, MILLI_PER_TOKEN));
  }

  public RateBurst plus(RateBurst other) {
    return new RateBurst(Math.addExact(rate, other.rate), Math.addExact(burst, other.burst));
  }

  /** Component-wise maximum. */
  public RateBurst max(RateBurst other) {
    // The ledgers take this maximum for every child at every report; most of the time one side
    // dominates, and an immutable value needs no copy.
    if (other.rate <= rate && other.burst <= burst) {
      return this;
    }
    if (rate <= other.rate && burst <= other.burst) {
      return other;
    }
    return new RateBurst(Math.max(rate, other.rate), Math.max(burst, other.burst));
  }

  /** True when both components are ≤ those of {@code other}. */
  public boolean fitsWithin(RateBurst other) {
    return rate <= other.rate && burst <= other.burst;
  }

  static long requireAmount(String field, long value) {
    if (value < 0 || value > MAX_AMOUNT) {
      throw new IllegalArgumentException(
          field + ": " + value + " is outside 0.." + MAX_AMOUNT + " (milli-tokens)");
    }
    return value;
  }
}
