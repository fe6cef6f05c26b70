package io.leasehold.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {

  @Test
  void clockReadsTheTimeOfTheEventBeingProcessed() {
    Simulator sim = new Simulator();
    List<Long> seen = new ArrayList<>();
    sim.schedule(300, () -> seen.add(sim.clock().nanos()));
    sim.schedule(100, () -> {
      seen.add(sim.clock().nanos());
      sim.scheduleAfter(50, (now, arg) -> seen.add(now), 0);
    });
    sim.runUntil(250);
    assertThat(seen).containsExactly(100L, 150L);
    assertThat(sim.now()).isEqualTo(250);
    sim.runAll();
    assertThat(seen).containsExactly(100L, 150L, 300L);
  }

  @Test
  void refusesToScheduleInThePast() {
    Simulator sim = new Simulator();
    sim.runUntil(1_000);
    assertThatThrownBy(() -> sim.schedule(999, () -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the current virtual time");
  }

  @Test
  void periodicTimerJittersAroundAFixedScheduleWithoutDrift() {
    Simulator sim = new Simulator();
    List<Long> firings = new ArrayList<>();
    long period = 200_000_000L;
    long jitter = 20_000_000L;
    PeriodicTimer timer = sim.every(period, period, jitter, new Rngs(5).stream("t"),
        () -> firings.add(sim.now()));
    sim.runUntil(1_000 * period + period / 2);
    assertThat(firings).hasSize(1_000);
    for (int k = 0; k < firings.size(); k++) {
      assertThat(firings.get(k)).isBetween((k + 1) * period - jitter, (k + 1) * period + jitter);
    }
    assertThat(firings).isSorted();
    timer.cancel();
    sim.runUntil(2_000 * period);
    assertThat(firings).hasSize(1_000);
  }

  @Test
  void processesTenMillionEvents() {
    Simulator sim = new Simulator();
    long[] count = {0};
    // 1,000 self-rescheduling chains with pseudo-random delays: the queue holds ~1,000 events
    EventHandler chain = new EventHandler() {
      @Override
      public void onEvent(long now, long arg) {
        count[0]++;
        if (count[0] <= 10_000_000L - 1_000) {
          sim.scheduleAfter(1 + (Rngs.mix64(arg + now) & 1023), this, arg);
        }
      }
    };
    for (int i = 0; i < 1_000; i++) {
      sim.schedule(i, chain, i);
    }
    sim.runAll();
    assertThat(sim.processedEvents()).isEqualTo(10_000_000L);
  }

  @Test
  void namedStreamsDependOnSeedAndNameOnly() {
    assertThat(new Rngs(1).stream("a").nextLong()).isEqualTo(new Rngs(1).stream("a").nextLong());
    assertThat(new Rngs(1).stream("a").nextLong()).isNotEqualTo(new Rngs(1).stream("b").nextLong());
    assertThat(new Rngs(1).stream("a").nextLong()).isNotEqualTo(new Rngs(2).stream("a").nextLong());
  }
}
