package io.leasehold.bench.regional;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Key indices drawn from a Zipf distribution over {@code keys} ranks (rank 0 the most frequent),
 * by binary search in a precomputed CDF: no allocation per draw. One key means the hot-key case.
 */
final class ZipfKeys {
  private final double[] cdf;

  ZipfKeys(int keys, double exponent) {
    if (keys < 1 || !(exponent >= 0)) {
      throw new IllegalArgumentException("zipf: " + keys + " keys, exponent " + exponent
          + ": needs at least 1 key and a non-negative exponent");
    }
    cdf = new double[keys];
    double sum = 0;
    for (int i = 0; i < keys; i++) {
      sum += 1.0 / Math.pow(i + 1, exponent);
      cdf[i] = sum;
    }
    for (int i = 0; i < keys; i++) {
      cdf[i] /= sum;
    }
  }

  int keys() {
    return cdf.length;
  }

  int next(SplittableRandom random) {
    if (cdf.length == 1) {
      return 0;
    }
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
  }
}
