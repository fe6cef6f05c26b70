package io.leasehold.sim.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs one task per lane on a fixed set of threads (the caller's is one of them) and returns when
 * all are done: the parallel step of a lock-step window.
 *
 * <p>Lanes are handed out a round at a time, heaviest first: each thread takes the next lane
 * until none is left, in the order of the lanes' wall time in the rounds before (smoothed), so a
 * region whose traffic peaks does not hold one thread up while the other idles (a fixed
 * assignment lost a quarter of the second thread that way, the regions' loads moving through the
 * day). A lane may therefore run on another thread each round; what it touches must not care
 * which — the edge cores are built for that ({@code DecidingThreads.ONE_AT_A_TIME}), and a round's
 * end orders everything a lane did before whatever thread runs it next.
 *
 * <p>Windows are short (tens of virtual ms, around a millisecond of wall time), so an idle worker
 * spins, and only after a long idle spell (a run's end) yields, then parks: a worker that parked
 * between windows took ~0.2 ms to wake, a sixth of a window.
 */
public final class LaneWorkers implements AutoCloseable {
  /** About 50-100 ms of spinning on these machines: far more than a window takes. */
  private static final int SPINS_BEFORE_YIELD = 2_000_000;

  private final int lanes;
  private final Thread[] workers;
  /** Smoothed wall time per lane; written by whichever thread ran the lane, read between rounds. */
  private final long[] costNanos;
  /** Lanes by descending cost: the order threads take them in this round. */
  private final int[] order;
  /** The round (high half) and the next place in {@link #order}: a straggler from a past round claims nothing. */
  private final AtomicLong claims = new AtomicLong();
  private final AtomicInteger done = new AtomicInteger();
  private volatile IntConsumer task;
  private volatile long round;
  private volatile boolean closed;
  private volatile Throwable failure;

  /** {@code lanes} lanes on at most {@code threads} threads (no more threads than lanes). */
  public LaneWorkers(int lanes, int threads) {
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes: " + lanes + " must be ≥ 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " must be ≥ 1");
    }
    this.lanes = lanes;
    this.costNanos = new long[lanes];
    this.order = new int[lanes];
    for (int l = 0; l < lanes; l++) {
      order[l] = l;
    }
    workers = new Thread[Math.min(threads, lanes) - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Thread(this::workerLoop, "sim-lane-worker-" + (i + 1));
      workers[i].setDaemon(true);
      workers[i].start();
    }
  }

  public int threads() {
    return workers.length + 1;
  }

  /** Runs {@code laneTask} for every lane, each exactly once; rethrows the first failure. */
  public void run(IntConsumer laneTask) {
    if (workers.length == 0) {
      for (int lane = 0; lane < lanes; lane++) {
        laneTask.accept(lane);
      }
      return;
    }
    sortByCost(costNanos, order);
    long r = round + 1;
    task = laneTask;
    done.set(0);
    claims.set(r << 32);
    round = r; // publishes the task and the order
    work(r, laneTask);
    for (int spins = 0; done.get() < lanes; spins++) {
      if (spins < SPINS_BEFORE_YIELD) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    Throwable t = failure;
    if (t != null) {
      failure = null;
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }
  }

  /** Orders {@code order} by descending {@code cost} (insertion sort: a handful of lanes, mostly sorted already). */
  static void sortByCost(long[] cost, int[] order) {
    for (int i = 1; i < order.length; i++) {
      int lane = order[i];
      int j = i - 1;
      while (j >= 0 && cost[order[j]] < cost[lane]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = lane;
    }
  }

  private int claim(long round) {
    while (true) {
      long c = claims.get();
      if (c >>> 32 != round || (int) c >= lanes) {
        return -1;
      }
      if (claims.compareAndSet(c, c + 1)) {
        return (int) c;
      }
    }
  }

  private void work(long round, IntConsumer laneTask) {
    for (int i; (i = claim(round)) >= 0; ) {
      int lane = order[i];
      long start = System.nanoTime(); // scheduling only: results never depend on it
      try {
        laneTask.accept(lane);
      } catch (Throwable t) {
        if (failure == null) {
          failure = t;
        }
      } finally {
        costNanos[lane] += (System.nanoTime() - start - costNanos[lane]) / 4;
        done.incrementAndGet();
      }
    }
  }

  private void workerLoop() {
    long seen = 0;
    int spins = 0;
    while (!closed) {
      long r = round;
      if (r == seen) {
        if (spins++ < SPINS_BEFORE_YIELD) {
          Thread.onSpinWait();
        } else if (spins < 4 * SPINS_BEFORE_YIELD) {
          Thread.yield();
        } else {
          LockSupport.parkNanos(50_000L);
        }
        continue;
      }
      seen = r;
      spins = 0;
      work(r, task);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread worker : workers) {
      LockSupport.unpark(worker);
    }
  }
}
