package io.leasehold.load.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
  @Test
  void spacesRequestsEvenlyAndEndsAtTheDuration() {
    OpenLoopSchedule s = new OpenLoopSchedule(4, 1_000_000_000L);

    assertThat(s.offsetNanos(0)).isZero();
    assertThat(s.offsetNanos(1)).isEqualTo(250_000_000L);
    assertThat(s.offsetNanos(3)).isEqualTo(750_000_000L);
    assertThat(s.offsetNanos(4)).isEqualTo(-1);
    assertThat(s.size()).isEqualTo(4);
  }

  @Test
  void fractionalRatesDoNotDrift() {
    OpenLoopSchedule s = new OpenLoopSchedule(3, 10_000_000_000L);
    // request 30 would be at exactly 10 s: outside; request 29 at 9.666… s
    assertThat(s.offsetNanos(29)).isEqualTo(9_666_666_667L);
    assertThat(s.offsetNanos(30)).isEqualTo(-1);
  }

  @Test
  void rejectsANonPositiveRate() {
    assertThatThrownBy(() -> new OpenLoopSchedule(0, 1)).hasMessage("ratePerSecond: 0.0: must be > 0");
  }
}
