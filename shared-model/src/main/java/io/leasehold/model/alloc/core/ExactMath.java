package io.leasehold.model.alloc.core;

import java.math.BigInteger;

/**
 * Exact integer helpers for the allocator. Amounts are bounded by {@code RateBurst.MAX_AMOUNT}
 * (2^60) and weights by 10^6, so products need up to ~2^80 bits: they are computed in 128 bits
 * ({@link Math#multiplyHigh}) and only fall back to {@link BigInteger} when they do not fit a long.
 */
public final class ExactMath {
  private ExactMath() {}

  /** {@code floor(a * b / c)} for {@code a, b ≥ 0}, {@code c > 0}; the quotient must fit a long. */
  public static long mulDivFloor(long a, long b, long c) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if (high == 0 && low >= 0) {
      return low / c;
    }
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
  }

  /** {@code a * b mod c} for {@code a, b ≥ 0}, {@code c > 0}. */
  public static long mulMod(long a, long b, long c) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if (high == 0 && low >= 0) {
      return low % c;
    }
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(c)).longValueExact();
  }

  /** Compares {@code a * b} with {@code c * d} exactly, all arguments ≥ 0. */
  public static int compareProducts(long a, long b, long c, long d) {
    int byHigh = Long.compare(Math.multiplyHigh(a, b), Math.multiplyHigh(c, d));
    return byHigh != 0 ? byHigh : Long.compareUnsigned(a * b, c * d);
  }

  /** {@code a + b} for non-negative arguments, clamped at {@link Long#MAX_VALUE} instead of wrapping. */
  public static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
