package io.leasehold.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WindowSchedulerTest {

  /**
   * Records every task and checks, as it starts, what it may rely on: its own sequence's previous
   * window, its window's draw, the other lanes {@code lookahead} windows back; the draw, the lanes
   * {@code drawAhead} windows back.
   */
  private static class Checked implements WindowScheduler.Work {
    final int lanes;
    final int lookahead;
    final int drawAhead;
    /** Windows finished per sequence (the draw last), as the tasks themselves saw it. */
    final AtomicIntegerArray finished;
    final AtomicIntegerArray running;
    final List<String> violations = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<String, Boolean> threads = new ConcurrentHashMap<>();

    Checked(int lanes, int lookahead, int drawAhead) {
      this.lanes = lanes;
      this.lookahead = lookahead;
      this.drawAhead = drawAhead;
      this.finished = new AtomicIntegerArray(lanes + 1);
      this.running = new AtomicIntegerArray(lanes + 1);
    }

    @Override
    public void runLane(int lane, int window) {
      begin(lane, window);
      if (finished.get(lanes) <= window) {
        violations.add("lane " + lane + " ran window " + window + " before its draw");
      }
      for (int other = 0; other < lanes; other++) {
        if (other != lane && finished.get(other) <= window - lookahead) {
          violations.add("lane " + lane + " ran window " + window + " before lane " + other + " finished "
              + (window - lookahead));
        }
      }
      for (int spin = 0; spin < 200 * (lane + 1); spin++) {
        Thread.onSpinWait(); // unequal lanes, as regions are
      }
      end(lane, window);
    }

    @Override
    public void draw(int window) {
      begin(lanes, window);
      for (int lane = 0; lane < lanes; lane++) {
        if (finished.get(lane) <= window - drawAhead) {
          violations.add("draw " + window + " before lane " + lane + " finished " + (window - drawAhead));
        }
      }
      end(lanes, window);
    }

    private void begin(int sequence, int window) {
      threads.put(Thread.currentThread().getName(), true);
      if (running.incrementAndGet(sequence) != 1) {
        violations.add("sequence " + sequence + " ran twice at once");
      }
      if (finished.get(sequence) != window) {
        violations.add("sequence " + sequence + " ran window " + window + " after " + finished.get(sequence));
      }
    }

    private void end(int sequence, int window) {
      finished.set(sequence, window + 1);
      running.decrementAndGet(sequence);
    }
  }

  @Test
  void runsEveryWindowOnceInOrderOnlyWhenWhatItReadsIsDone() {
    Checked work = new Checked(5, 2, 4);
    try (WindowScheduler scheduler = new WindowScheduler(5, 2, 4, 2)) {
      assertThat(scheduler.threads()).isEqualTo(2);
      scheduler.runUntil(1_000, work);
      scheduler.runUntil(1_000, work); // nothing left: returns
      scheduler.runUntil(3_000, work); // goes on where it stopped, as between faults
    }
    assertThat(work.violations).isEmpty();
    for (int sequence = 0; sequence <= 5; sequence++) {
      assertThat(work.finished.get(sequence)).as("windows of sequence %d", sequence).isEqualTo(3_000);
    }
    assertThat(work.threads.keySet()).containsExactlyInAnyOrder(Thread.currentThread().getName(), "sim-lane-worker-1");
  }

  @Test
  void oneThreadRunsEverythingItself() {
    Checked work = new Checked(3, 3, 5);
    try (WindowScheduler scheduler = new WindowScheduler(3, 3, 5, 1)) {
      scheduler.runUntil(500, work);
    }
    assertThat(work.violations).isEmpty();
    assertThat(work.finished.get(0)).isEqualTo(500);
    assertThat(work.threads.keySet()).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void aLaneRunsAheadWhileAnotherIsHeldUpButNoFurtherThanTheLookahead() throws Exception {
    CountDownLatch aheadStarted = new CountDownLatch(1);
    AtomicIntegerArray startedWhileHeld = new AtomicIntegerArray(1);
    Checked work = new Checked(2, 2, 4) {
      volatile boolean held;

      @Override
      public void runLane(int lane, int window) {
        if (lane == 0 && window == 5) {
          held = true;
          try {
            // lane 1 may start window 6 (it needs lane 0's window 4), not window 7
            assertThat(aheadStarted.await(10, TimeUnit.SECONDS)).as("lane 1 ran ahead").isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          held = false;
        }
        if (lane == 1 && held) {
          startedWhileHeld.set(0, Math.max(startedWhileHeld.get(0), window));
          if (window == 6) {
            aheadStarted.countDown();
          }
        }
        super.runLane(lane, window);
      }
    };
    try (WindowScheduler scheduler = new WindowScheduler(2, 2, 4, 2)) {
      scheduler.runUntil(20, work);
    }
    assertThat(work.violations).isEmpty();
    assertThat(startedWhileHeld.get(0)).as("lane 1's furthest window while lane 0 was in window 5").isEqualTo(6);
  }

  @Test
  void aFailingLaneFailsTheRunAndTheSchedulerRefusesMore() {
    try (WindowScheduler scheduler = new WindowScheduler(3, 2, 4, 2)) {
      WindowScheduler.Work failing = new WindowScheduler.Work() {
        @Override
        public void runLane(int lane, int window) {
          if (lane == 1 && window == 7) {
            throw new IllegalStateException("lane 1 broke");
          }
        }

        @Override
        public void draw(int window) {}
      };
      assertThatThrownBy(() -> scheduler.runUntil(100, failing))
          .isInstanceOf(IllegalStateException.class).hasMessage("lane 1 broke");
      assertThatThrownBy(() -> scheduler.runUntil(200, failing)).hasMessageContaining("an earlier run failed");
    }
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new WindowScheduler(0, 2, 4, 2)).hasMessageContaining("lanes: 0");
    assertThatThrownBy(() -> new WindowScheduler(3, 0, 4, 2)).hasMessageContaining("lookahead: 0");
    assertThatThrownBy(() -> new WindowScheduler(3, 2, 1, 2)).hasMessageContaining("drawAhead: 1");
    assertThatThrownBy(() -> new WindowScheduler(3, 2, 4, 0)).hasMessageContaining("threads: 0");
    try (WindowScheduler scheduler = new WindowScheduler(2, 2, 4, 8)) {
      assertThat(scheduler.threads()).as("no more threads than lanes and the draw").isEqualTo(3);
    }
  }
}
