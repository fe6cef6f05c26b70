package io.leasehold.aggregator.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionSyncCadenceTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void an_answer_is_followed_after_its_hint_within_a_twentieth_of_the_interval_and_ten_seconds() {
    assertThat(RegionSyncCadence.afterAnswerNanos(0, SECOND)).isEqualTo(SECOND); // no hint: the interval
    assertThat(RegionSyncCadence.afterAnswerNanos(250, SECOND)).isEqualTo(SECOND / 4);
    assertThat(RegionSyncCadence.afterAnswerNanos(50, SECOND)).isEqualTo(SECOND / 20); // a shrink to acknowledge
    assertThat(RegionSyncCadence.afterAnswerNanos(1, SECOND)).isEqualTo(SECOND / 20); // never spins
    assertThat(RegionSyncCadence.afterAnswerNanos(60_000, SECOND)).isEqualTo(RegionSyncCadence.MAX_DELAY_NANOS);
    assertThat(RegionSyncCadence.afterAnswerNanos(Long.MAX_VALUE, SECOND)).isEqualTo(RegionSyncCadence.MAX_DELAY_NANOS);
  }

  @Test
  void failures_back_off_to_at_most_two_intervals() {
    assertThat(RegionSyncCadence.afterFailureNanos(1, SECOND)).isEqualTo(SECOND);
    assertThat(RegionSyncCadence.afterFailureNanos(2, SECOND)).isEqualTo(2 * SECOND);
    assertThat(RegionSyncCadence.afterFailureNanos(20, SECOND)).isEqualTo(2 * SECOND);
    assertThat(RegionSyncCadence.afterFailureNanos(0, SECOND)).isEqualTo(SECOND);
  }
}
