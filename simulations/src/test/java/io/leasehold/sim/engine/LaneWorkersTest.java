package io.leasehold.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class LaneWorkersTest {

  @Test
  void ordersLanesHeaviestFirst() {
    int[] order = {0, 1, 2, 3, 4};
    LaneWorkers.sortByCost(new long[] {16, 46, 34, 16, 13}, order);
    assertThat(order).containsExactly(1, 2, 0, 3, 4); // ties keep their order
    LaneWorkers.sortByCost(new long[] {5, 4, 3, 2, 1}, order);
    assertThat(order).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void runsEveryLaneOnceARoundOnAnyThread() {
    int lanes = 5;
    try (LaneWorkers workers = new LaneWorkers(lanes, 2)) {
      assertThat(workers.threads()).isEqualTo(2);
      AtomicIntegerArray runs = new AtomicIntegerArray(lanes);
      AtomicIntegerArray concurrent = new AtomicIntegerArray(lanes);
      ConcurrentHashMap<String, Boolean> threads = new ConcurrentHashMap<>();
      for (int round = 0; round < 2_000; round++) {
        int expected = round + 1;
        workers.run(lane -> {
          assertThat(concurrent.incrementAndGet(lane)).as("lane %d run twice at once", lane).isEqualTo(1);
          runs.incrementAndGet(lane);
          threads.put(Thread.currentThread().getName(), true);
          for (int spin = 0; spin < 1_000 * (lane + 1); spin++) {
            Thread.onSpinWait(); // unequal lanes, as regions are
          }
          concurrent.decrementAndGet(lane);
        });
        for (int lane = 0; lane < lanes; lane++) {
          assertThat(runs.get(lane)).as("runs of lane %d after round %d", lane, expected).isEqualTo(expected);
        }
      }
      assertThat(threads.keySet()).containsExactlyInAnyOrder(Thread.currentThread().getName(), "sim-lane-worker-1");
    }
  }

  @Test
  void neverMoreThreadsThanLanes() {
    try (LaneWorkers workers = new LaneWorkers(2, 8)) {
      assertThat(workers.threads()).isEqualTo(2);
    }
    assertThatThrownBy(() -> new LaneWorkers(3, 0)).hasMessageContaining("threads: 0");
  }

  @Test
  void aFailingLaneFailsTheRoundAfterTheOthersFinished() {
    try (LaneWorkers workers = new LaneWorkers(3, 2)) {
      AtomicIntegerArray runs = new AtomicIntegerArray(3);
      assertThatThrownBy(() -> workers.run(lane -> {
        runs.incrementAndGet(lane);
        if (lane == 1) {
          throw new IllegalStateException("lane 1 broke");
        }
      })).isInstanceOf(IllegalStateException.class).hasMessage("lane 1 broke");
      assertThat(runs.get(0) + runs.get(1) + runs.get(2)).isEqualTo(3);
      workers.run(lane -> runs.incrementAndGet(lane)); // usable again
      assertThat(runs.get(2)).isEqualTo(2);
    }
  }
}
