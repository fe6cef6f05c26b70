package io.leasehold.model.bucket.internal;

/**
 * Exact {@code floor((a × b + c) / d)} on non-negative longs, with a 128-bit intermediate.
 *
 * <p>Limiter arithmetic multiplies durations in nanoseconds (up to 2^63) by rates and counts (up to
 * 10^18 micro-tokens), so products routinely exceed 64 bits even though the quotients that matter
 * fit. The common case (product fits in 63 bits) costs a multiply-high, a multiply and a divide;
 * only the rare wide case takes the two-step long division. Nothing here allocates.
 */
public final class WideArithmetic {

  /** Returned when a quotient does not fit in a signed long. */
  public static final long SATURATED = Long.MAX_VALUE;

  private static final long HALF_WORD = 1L << 32;
  private static final long LOW_HALF = 0xFFFF_FFFFL;

  private WideArithmetic() {}

  /**
   * {@code floor((a × b + c) / d)}, or {@link #SATURATED} if the quotient exceeds
   * {@code Long.MAX_VALUE}. Requires {@code a, b, c ≥ 0} and {@code d > 0}.
   *
   * <p>The remainder, when the quotient {@code q} is not saturated, is exactly
   * {@code a*b + c - q*d} evaluated in wrapping long arithmetic (it is below {@code d}, so its low
   * 64 bits are the whole of it); callers use that instead of a second division.
   */
  public static long multiplyAddDivide(long a, long b, long c, long d) {
    long high = Math.multiplyHigh(a, b); // equals the unsigned high word: a, b are non-negative
    long low = a * b;
    long sum = low + c;
    if (high == 0 && low >= 0 && sum >= 0) {
      return sum / d;
    }
    if (Long.compareUnsigned(sum, low) < 0) {
      high++; // carry out of the low word
    }
    if (Long.compareUnsigned(high, d) >= 0) {
      return SATURATED; // quotient ≥ 2^64
    }
    long quotient = divideUnsigned128(high, sum, d);
    return quotient < 0 ? SATURATED : quotient;
  }

  /**
   * Unsigned {@code (high·2^64 + low) / divisor}; requires {@code high <u divisor} so that the
   * quotient fits in 64 bits. Knuth's algorithm D specialised to two 32-bit digits (Hacker's
   * Delight, {@code divlu}).
   */
  static long divideUnsigned128(long high, long low, long divisor) {
    int shift = Long.numberOfLeadingZeros(divisor);
    long v = divisor << shift;
    long vHigh = v >>> 32;
    long vLow = v & LOW_HALF;
    long uHigh = shift == 0 ? high : (high << shift) | (low >>> (64 - shift));
    long uLow = low << shift;
    long uLowHigh = uLow >>> 32;
    long uLowLow = uLow & LOW_HALF;

    long q1 = Long.divideUnsigned(uHigh, vHigh);
    long rHat = uHigh - q1 * vHigh;
    while (Long.compareUnsigned(q1, HALF_WORD) >= 0
        || Long.compareUnsigned(q1 * vLow, (rHat << 32) | uLowHigh) > 0) {
      q1--;
      rHat += vHigh;
      if (Long.compareUnsigned(rHat, HALF_WORD) >= 0) {
        break;
      }
    }
    long middle = (uHigh << 32 | uLowHigh) - q1 * v;

    long q0 = Long.divideUnsigned(middle, vHigh);
    rHat = middle - q0 * vHigh;
    while (Long.compareUnsigned(q0, HALF_WORD) >= 0
        || Long.compareUnsigned(q0 * vLow, (rHat << 32) | uLowLow) > 0) {
      q0--;
      rHat += vHigh;
      if (Long.compareUnsigned(rHat, HALF_WORD) >= 0) {
        break;
      }
    }
    return (q1 << 32) | q0;
  }
}
