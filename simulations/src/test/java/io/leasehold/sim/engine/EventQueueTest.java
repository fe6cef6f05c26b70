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
  void eventsAddedInOrderRunExactlyWhereTheHeapAloneWouldRunThem() {
    // A clock that moves on as events run; timeouts of three fixed delays (and a fifth delay that
    // finds every ring taken, and some delays out of order) beside ordinary events.
    EventQueue mixed = new EventQueue(16);
    EventQueue heapOnly = new EventQueue(16);
    SplittableRandom rng = new SplittableRandom(7);
    long[] delays = {500, 100, 250, 5, 1_000};
    EventHandler handler = (now, arg) -> { };
    List<long[]> fromMixed = new ArrayList<>();
    List<long[]> fromHeap = new ArrayList<>();
    long now = 0;
    long id = 0;
    for (int step = 0; step < 100_000; step++) {
      int what = rng.nextInt(10);
      if (what < 4) {
        long at = now + delays[rng.nextInt(delays.length)] - (rng.nextInt(50) == 0 ? 3 : 0);
        mixed.addInOrder(at, handler, id);
        heapOnly.add(at, handler, id++);
      } else if (what < 7) {
        long at = now + rng.nextLong(300);
        mixed.add(at, handler, id);
        heapOnly.add(at, handler, id++);
      } else if (!heapOnly.isEmpty()) {
        assertThat(mixed.peekTime()).isEqualTo(heapOnly.peekTime());
        mixed.pollInto((t, h, arg) -> fromMixed.add(new long[] {t, arg}));
        heapOnly.pollInto((t, h, arg) -> fromHeap.add(new long[] {t, arg}));
        now = fromHeap.get(fromHeap.size() - 1)[0];
      }
      assertThat(mixed.size()).isEqualTo(heapOnly.size());
    }
    while (heapOnly.pollInto((t, h, arg) -> fromHeap.add(new long[] {t, arg}))) {
      mixed.pollInto((t, h, arg) -> fromMixed.add(new long[] {t, arg}));
    }
    assertThat(mixed.isEmpty()).isTrue();
    assertThat(mixed.pollInto((t, h, a) -> { })).isFalse();
    assertThat(fromMixed).hasSameSizeAs(fromHeap).hasSizeGreaterThan(50_000);
    for (int i = 0; i < fromHeap.size(); i++) {
      assertThat(fromMixed.get(i)).as("event %d", i).containsExactly(fromHeap.get(i));
    }
  }

  @Test
  void emptyQueueReportsNoEvent() {
    EventQueue queue = new EventQueue();
    assertThat(queue.peekTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(queue.pollInto((t, h, a) -> { })).isFalse();
  }
}
