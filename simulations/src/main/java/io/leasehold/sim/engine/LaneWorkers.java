package io.leasehold.sim.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs one task per lane on a fixed set of threads (the caller's is thread 0) and returns when all
 * are done: the parallel step of a lock-step window.
 *
 * <p>Each lane always runs on the same thread. The edge core keeps what a deciding thread touched
 * in a per-thread log and drains the logs in the order the threads first used it, so an edge moved
 * between threads could report in another order; pinned, a run gives the same result on any
 * number of threads. {@link #assign} balances the lanes by a weight once, up front.
 *
 * <p>Windows are short (tens of virtual ms, around a millisecond of wall time), so an idle worker
 * spins, and only after a long idle spell (a run's end) yields, then parks: a worker that parked
 * between windows took ~0.2 ms to wake, a sixth of a window.
 */
public final class LaneWorkers implements AutoCloseable {
  /** About 50-100 ms of spinning on these machines: far more than a window takes. */
  private static final int SPINS_BEFORE_YIELD = 2_000_000;

  private final int[] laneThread;
  private final int[][] threadLanes;
  private final Thread[] workers;
  private final AtomicInteger done = new AtomicInteger();
  private volatile IntConsumer task;
  private volatile long round;
  private volatile boolean closed;
  private volatile Throwable failure;

  /** @param laneThread the thread (0 = the caller's) that runs each lane */
  public LaneWorkers(int[] laneThread) {
    this.laneThread = laneThread.clone();
    int threads = Arrays.stream(laneThread).max().orElse(0) + 1;
    threadLanes = new int[threads][];
    for (int t = 0; t < threads; t++) {
      final int thread = t;
      threadLanes[t] = java.util.stream.IntStream.range(0, laneThread.length)
          .filter(l -> this.laneThread[l] == thread).toArray();
    }
    workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      final int thread = i + 1;
      workers[i] = new Thread(() -> workerLoop(thread), "sim-lane-worker-" + thread);
      workers[i].setDaemon(true);
      workers[i].start();
    }
  }

  /**
   * Lanes spread over at most {@code threads} threads so that the heaviest thread's summed weight
   * is least: every assignment is tried for up to 12 lanes, the longest-first greedy beyond.
   */
  public static int[] assign(double[] weights, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " must be ≥ 1");
    }
    int lanes = weights.length;
    int t = Math.min(threads, Math.max(1, lanes));
    int[] best = new int[lanes];
    if (t == 1) {
      return best;
    }
    if (Math.pow(t, lanes) <= 1 << 20) {
      double bestLoad = Double.MAX_VALUE;
      int[] current = new int[lanes];
      long combinations = (long) Math.pow(t, lanes);
      for (long c = 0; c < combinations; c++) {
        long x = c;
        double[] load = new double[t];
        for (int l = 0; l < lanes; l++) {
          current[l] = (int) (x % t);
          x /= t;
          load[current[l]] += weights[l];
        }
        double max = Arrays.stream(load).max().orElse(0);
        if (max < bestLoad - 1e-9) {
          bestLoad = max;
          best = current.clone();
        }
      }
      return best;
    }
    Integer[] order = new Integer[lanes];
    for (int l = 0; l < lanes; l++) {
      order[l] = l;
    }
    Arrays.sort(order, (a, b) -> Double.compare(weights[b], weights[a]));
    double[] load = new double[t];
    for (int l : order) {
      int least = 0;
      for (int i = 1; i < t; i++) {
        if (load[i] < load[least]) {
          least = i;
        }
      }
      best[l] = least;
      load[least] += weights[l];
    }
    return best;
  }

  public int threads() {
    return workers.length + 1;
  }

  /** Runs {@code laneTask} for every lane, each exactly once, on its thread; rethrows the first failure. */
  public void run(IntConsumer laneTask) {
    if (workers.length == 0) {
      for (int lane = 0; lane < laneThread.length; lane++) {
        laneTask.accept(lane);
      }
      return;
    }
    task = laneTask;
    done.set(0);
    round = round + 1; // publishes the task
    work(0, laneTask);
    for (int spins = 0; done.get() < laneThread.length; spins++) {
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

  private void work(int thread, IntConsumer laneTask) {
    for (int lane : threadLanes[thread]) {
      try {
        laneTask.accept(lane);
      } catch (Throwable t) {
        if (failure == null) {
          failure = t;
        }
      } finally {
        done.incrementAndGet();
      }
    }
  }

  private void workerLoop(int thread) {
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
      work(thread, task);
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
