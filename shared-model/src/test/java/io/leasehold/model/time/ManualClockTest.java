package io.leasehold.model.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  @Test
  void movesOnlyWhenAdvanced() {
    ManualClock clock = new ManualClock(100);
    assertThat(clock.nanos()).isEqualTo(100);
    clock.advanceNanos(5).advanceMillis(2).advance(Duration.ofSeconds(1));
    assertThat(clock.nanos()).isEqualTo(100 + 5 + 2_000_000 + 1_000_000_000L);
  }

  @Test
  void neverGoesBack() {
    ManualClock clock = new ManualClock(10);
    assertThatThrownBy(() -> clock.advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never goes back");
    assertThatThrownBy(() -> clock.setNanos(9)).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.nanos()).isEqualTo(10);
  }

  @Test
  void overflowIsAnErrorNotAWrapAround() {
    ManualClock clock = new ManualClock(Long.MAX_VALUE - 1);
    assertThatThrownBy(() -> clock.advanceNanos(2)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void systemClockIsMonotonic() {
    Clock clock = Clock.system();
    long a = clock.nanos();
    long b = clock.nanos();
    assertThat(b).isGreaterThanOrEqualTo(a);
  }
}
