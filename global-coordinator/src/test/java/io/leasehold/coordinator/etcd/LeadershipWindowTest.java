package io.leasehold.coordinator.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.coordinator.LeaderTerm;
import io.leasehold.model.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeadershipWindowTest {
  static final LeaderTerm TERM = new LeaderTerm(42, "/leader/694d7a1b", 0x694d7a1bL);

  @Test
  void aLeaderStopsASafetyMarginBeforeItsLeaseCouldExpire() {
    ManualClock clock = new ManualClock(1_000);
    long until = LeadershipWindow.validUntil(clock.nanos(), Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(1).toNanos());
    LeadershipWindow window = new LeadershipWindow(TERM, until);

    assertThat(window.isValidAt(clock.nanos())).isTrue();
    assertThat(window.isValidAt(clock.advance(Duration.ofMillis(3_999)).nanos())).isTrue();
    assertThat(window.isValidAt(clock.advanceMillis(1).nanos())).as("at renewal + TTL - margin").isFalse();
    assertThat(window.isValidAt(clock.advance(Duration.ofHours(1)).nanos())).isFalse();
  }

  @Test
  void comparesAcrossTheWrapOfMonotonicNanos() {
    long renewed = Long.MAX_VALUE - 1_000;
    LeadershipWindow window = new LeadershipWindow(TERM, LeadershipWindow.validUntil(renewed, 5_000, 1_000));

    assertThat(window.isValidAt(renewed + 3_999)).isTrue(); // overflows past Long.MAX_VALUE
    assertThat(window.isValidAt(renewed + 4_000)).isFalse();
  }
}
