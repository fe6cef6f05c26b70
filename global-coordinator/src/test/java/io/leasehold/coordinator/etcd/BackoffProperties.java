package io.leasehold.coordinator.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffProperties {

  @Property
  void delaysStayBetweenHalfAndAllOfTheCappedExponential(@ForAll @LongRange(min = 1, max = 10_000) long initialMillis,
      @ForAll @LongRange(min = 1, max = 1_000) long maxFactor, @ForAll @IntRange(min = 0, max = 1_000) int attempt,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
    Duration initial = Duration.ofMillis(initialMillis);
    Duration max = initial.multipliedBy(maxFactor);
    long delay = new Backoff(initial, max, () -> random).delayNanos(attempt);

    double ceiling = Math.min(max.toNanos(), initial.toNanos() * Math.pow(2, Math.min(attempt, 62)));
    assertThat(delay).isBetween((long) (ceiling / 2) - 1, (long) ceiling);
  }

  @Property
  void delaysNeverShrinkAsAttemptsGrowForTheSameJitter(@ForAll @IntRange(min = 0, max = 100) int attempt,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3), () -> random);

    assertThat(backoff.delayNanos(attempt + 1)).isGreaterThanOrEqualTo(backoff.delayNanos(attempt));
  }
}
