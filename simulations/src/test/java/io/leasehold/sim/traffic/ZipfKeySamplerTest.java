package io.leasehold.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ZipfKeySamplerTest {

  /** Pearson chi-square of {@code samples} draws against the exact Zipf pmf over n keys. */
  private static double chiSquare(long n, double s, int samples, long seed) {
    ZipfKeySampler sampler = new ZipfKeySampler(n, s);
    SplittableRandom rng = new SplittableRandom(seed);
    long[] counts = new long[(int) n];
    for (int i = 0; i < samples; i++) {
      counts[(int) sampler.sample(rng)]++;
    }
    double norm = 0;
    for (int k = 1; k <= n; k++) {
      norm += Math.pow(k, -s);
    }
    double chi = 0;
    for (int k = 1; k <= n; k++) {
      double expected = samples * Math.pow(k, -s) / norm;
      chi += Math.pow(counts[k - 1] - expected, 2) / expected;
    }
    return chi;
  }

  @ParameterizedTest
  @CsvSource({"50, 0.0", "50, 0.8", "50, 1.0", "50, 1.2", "200, 2.0"})
  void matchesTheZipfDistribution(long n, double s) {
    // df = n - 1; mean df, sd sqrt(2 df): accept within ~5 sd (a fixed seed keeps this stable)
    double df = n - 1;
    assertThat(chiSquare(n, s, 500_000, 17)).isLessThan(df + 5 * Math.sqrt(2 * df));
  }

  @Test
  void headOfAMillionKeysHasTheExpectedShare() {
    long n = 1_000_000;
    double s = 1.1;
    ZipfKeySampler sampler = new ZipfKeySampler(n, s);
    SplittableRandom rng = new SplittableRandom(3);
    int samples = 2_000_000;
    long top = 0;
    long maxKey = 0;
    for (int i = 0; i < samples; i++) {
      long k = sampler.sample(rng);
      maxKey = Math.max(maxKey, k);
      if (k == 0) {
        top++;
      }
    }
    double norm = 0;
    for (long k = 1; k <= n; k++) {
      norm += Math.pow(k, -s);
    }
    double expected = samples / norm;
    assertThat((double) top).isBetween(expected - 5 * Math.sqrt(expected), expected + 5 * Math.sqrt(expected));
    assertThat(maxKey).isLessThan(n).isGreaterThan(n / 10);
  }
}
