package io.leasehold.sim.traffic;

import java.util.SplittableRandom;

/**
 * Poisson counts: inversion by sequential search for small means, and Hörmann's PTRS
 * (transformed rejection with squeeze, "The transformed rejection method for generating Poisson
 * random variables", 1993) for means ≥ 10, whose cost does not grow with the mean.
 */
public final class PoissonSampler {
  private PoissonSampler() {}

  public static long sample(SplittableRandom rng, double mean) {
    if (!(mean > 0)) {
      return 0;
    }
    return mean < 10 ? inversion(rng, mean) : ptrs(rng, mean);
  }

  private static long inversion(SplittableRandom rng, double mean) {
    double p = Math.exp(-mean);
    double cumulative = p;
    double u = rng.nextDouble();
    long k = 0;
    while (u > cumulative && k < 1000) {
      k++;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }

  private static long ptrs(SplittableRandom rng, double mean) {
    double logMean = Math.log(mean);
    double b = 0.931 + 2.53 * Math.sqrt(mean);
    double a = -0.059 + 0.02483 * b;
    double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = rng.nextDouble() - 0.5;
      double v = rng.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      double lhs = Math.log(v * invAlpha / (a / (us * us) + b));
      double rhs = -mean + k * logMean - logFactorial(k);
      if (lhs <= rhs) {
        return k;
      }
    }
  }

  private static double logFactorial(long k) {
    if (k < 10) {
      double f = 1;
      for (long i = 2; i <= k; i++) {
        f *= i;
      }
      return Math.log(f);
    }
    // Stirling series; error < 1e-10 for k ≥ 10
    double x = k + 1.0;
    return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
        + 1.0 / (12 * x) - 1.0 / (360 * x * x * x);
  }
}
