package io.leasehold.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoissonSamplerTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 3, 9.99, 10, 50, 5_000})
  void meanAndVarianceEqualTheRate(double mean) {
    SplittableRandom rng = new SplittableRandom(42);
    int n = 400_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      long x = PoissonSampler.sample(rng, mean);
      assertThat(x).isNotNegative();
      sum += x;
      sumSq += (double) x * x;
    }
    double m = sum / n;
    double variance = sumSq / n - m * m;
    assertThat(m).isBetween(mean - 5 * Math.sqrt(mean / n), mean + 5 * Math.sqrt(mean / n));
    assertThat(variance / mean).isBetween(0.98, 1.02);
  }
}
