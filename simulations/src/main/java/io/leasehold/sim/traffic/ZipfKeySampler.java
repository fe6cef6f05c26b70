package io.leasehold.sim.traffic;

import java.util.SplittableRandom;

/**
 * Zipf over {@code keyCount} keys: key k (0-based rank) has probability ∝ 1/(k+1)^s.
 *
 * <p>Rejection-inversion (W. Hörmann, G. Derflinger, "Rejection-inversion to generate variates from
 * monotone discrete distributions", ACM TOMACS 6(3), 1996): O(1) memory and expected O(1) time for
 * any key count and any exponent s ≥ 0, so a million keys cost nothing to set up — unlike a CDF or
 * alias table. Same construction as Apache Commons RNG's RejectionInversionZipfSampler.
 */
public final class ZipfKeySampler implements KeySampler {
  private final long keyCount;
  private final double exponent;
  private final double hIntegralX1;
  private final double hIntegralNumberOfElements;
  private final double squeeze;

  public ZipfKeySampler(long keyCount, double exponent) {
    if (keyCount < 1) {
      throw new IllegalArgumentException("keyCount: " + keyCount + " must be at least 1");
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("exponent: " + exponent + " must be a finite number ≥ 0");
    }
    this.keyCount = keyCount;
    this.exponent = exponent;
    this.hIntegralX1 = hIntegral(1.5) - 1.0;
    this.hIntegralNumberOfElements = hIntegral(keyCount + 0.5);
    this.squeeze = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
  }

  @Override
  public long keyCount() {
    return keyCount;
  }

  public double exponent() {
    return exponent;
  }

  @Override
  public long sample(SplittableRandom rng) {
    while (true) {
      double u = hIntegralNumberOfElements
          + rng.nextDouble() * (hIntegralX1 - hIntegralNumberOfElements);
      double x = hIntegralInverse(u);
      long k = (long) (x + 0.5);
      if (k < 1) {
        k = 1;
      } else if (k > keyCount) {
        k = keyCount;
      }
      if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) {
        return k - 1;
      }
    }
  }

  /** H(x) = ∫ h, with h(x) = x^-s; written to stay exact near s = 1. */
  private double hIntegral(double x) {
    double logX = Math.log(x);
    return helper2((1.0 - exponent) * logX) * logX;
  }

  private double h(double x) {
    return Math.exp(-exponent * Math.log(x));
  }

  private double hIntegralInverse(double x) {
    double t = x * (1.0 - exponent);
    if (t < -1.0) {
      t = -1.0; // numerical guard: only reachable through rounding at the domain edge
    }
    return Math.exp(helper1(t) * x);
  }

  /** log(1+x)/x with a series near 0. */
  private static double helper1(double x) {
    return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }

  /** (exp(x)−1)/x with a series near 0. */
  private static double helper2(double x) {
    return Math.abs(x) > 1e-8
        ? Math.expm1(x) / x
        : 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
  }
}
