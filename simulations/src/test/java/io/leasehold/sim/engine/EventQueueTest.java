package io.leasehold.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  @Test
  void pollsInTimeOrderAndBreaksTiesBySchedulingOrder() {
    EventQueue queue = new EventQueue(16);
    SplittableRandom rng = new SplittableRandom(1);
    EventHandler handler = (now, arg) -> { };
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      queue.add(rng.nextLong(1_000), handler, i); // many equal times
    }
    List<long[]> polled = new ArrayList<>();
    while (queue.pollInto((time, h, arg) -> polled.add(new long[] {time, arg}))) {
      // drain
    }
    assertThat(polled).hasSize(n);
    for (int i = 1; i < n; i++) {
      long[] a = polled.get(i - 1);
      long[] b = polled.get(i);
      assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]))
          .as("event %d (t=%d, seq=%d) after (t=%d, seq=%d)", i, b[0], b[1], a[0], a[1]).isTrue();
    }
  }

  @Test
  void emptyQueueReportsNoEvent() {
    EventQueue queue = new EventQueue();
    assertThat(queue.peekTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(queue.pollInto((t, h, a) -> { })).isFalse();
  }
}
