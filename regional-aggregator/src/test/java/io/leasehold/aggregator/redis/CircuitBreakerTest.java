package io.leasehold.aggregator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.CircuitState;
import io.leasehold.model.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final ManualClock clock = new ManualClock();
  private final CircuitBreaker breaker =
      new CircuitBreaker(new BreakerSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(3)), clock);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure();
    }
  }

  @Test
  void opensOnlyAfterThresholdConsecutiveFailures() {
    fail(2);
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onSuccess(); // resets the streak
    fail(2);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    fail(1);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.nanosUntilProbe()).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void halfOpenLetsExactlyOneProbeThroughAndItsSuccessCloses() {
    fail(3);
    clock.advance(Duration.ofMillis(999));
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).as("second caller while the probe is out").isFalse();
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void failedProbesDoubleTheOpenIntervalUpToTheCap() {
    fail(3);
    long[] expectedOpenMillis = {2_000, 3_000, 3_000};
    for (long openMillis : expectedOpenMillis) {
      clock.advance(Duration.ofSeconds(10));
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure();
      assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
      assertThat(breaker.nanosUntilProbe()).isEqualTo(Duration.ofMillis(openMillis).toNanos());
    }
    clock.advance(Duration.ofSeconds(3));
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onSuccess();
    fail(3); // after recovery the interval starts over
    assertThat(breaker.nanosUntilProbe()).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void anIgnoredProbeReleasesTheSlotWithoutChangingState() {
    fail(3);
    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onIgnored();
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void lateFailuresOfCallsAdmittedBeforeOpeningDoNotExtendTheInterval() {
    fail(3);
    breaker.onFailure();
    breaker.onFailure();
    assertThat(breaker.nanosUntilProbe()).isEqualTo(Duration.ofSeconds(1).toNanos());
  }
}
