package io.leasehold.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class LaneWorkersTest {
  private static double maxLoad(int[] assignment, double[] weights) {
    double[] load = new double[Arrays.stream(assignment).max().orElse(0) + 1];
    for (int l = 0; l < weights.length; l++) {
      load[assignment[l]] += weights[l];
    }
    return Arrays.stream(load).max().orElse(0);
  }

  @Test
  void assignsLanesSoThatTheBusiestThreadCarriesTheLeast() {
    double[] weights = {4.6, 1.6, 3.4, 1.6, 1.3}; // best: {4.6, 1.6} against {3.4, 1.6, 1.3}
    assertThat(maxLoad(LaneWorkers.assign(weights, 2), weights)).isEqualTo(6.3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(LaneWorkers.assign(weights, 1)).containsOnly(0);
    assertThat(LaneWorkers.assign(new double[] {1, 1}, 8)).containsExactlyInAnyOrder(0, 1);
    double[] many = new double[20]; // beyond exhaustive search: longest first
    Arrays.fill(many, 1.0);
    assertThat(maxLoad(LaneWorkers.assign(many, 2), many)).isEqualTo(10.0);
  }

  @Test
  void runsEveryLaneOnceARoundAlwaysOnItsOwnThread() {
    int lanes = 5;
    try (LaneWorkers workers = new LaneWorkers(LaneWorkers.assign(new double[] {3, 1, 2, 1, 1}, 2))) {
      assertThat(workers.threads()).isEqualTo(2);
      AtomicIntegerArray runs = new AtomicIntegerArray(lanes);
      ConcurrentHashMap<Integer, String> threadOfLane = new ConcurrentHashMap<>();
      ConcurrentHashMap<Integer, Boolean> movedLanes = new ConcurrentHashMap<>();
      for (int round = 0; round < 2_000; round++) {
        workers.run(lane -> {
          runs.incrementAndGet(lane);
          String thread = Thread.currentThread().getName();
          if (!thread.equals(threadOfLane.computeIfAbsent(lane, l -> thread))) {
            movedLanes.put(lane, true);
          }
        });
      }
      for (int lane = 0; lane < lanes; lane++) {
        assertThat(runs.get(lane)).as("runs of lane %d", lane).isEqualTo(2_000);
      }
      assertThat(movedLanes).isEmpty();
      assertThat(threadOfLane.values()).hasSize(lanes).containsOnly(
          Thread.currentThread().getName(), "sim-lane-worker-1");
    }
  }

  @Test
  void aFailingLaneFailsTheRoundAfterTheOthersFinished() {
    try (LaneWorkers workers = new LaneWorkers(new int[] {0, 1, 1})) {
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
