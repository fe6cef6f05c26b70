package io.leasehold.sim.engine;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the lanes' windows on a fixed set of threads (the caller's is one of them) as soon as each
 * may run, rather than all lanes one window at a time: conservative parallel simulation with
 * lookahead.
 *
 * <p>Every lane runs its windows in order, and beside the lanes one more sequence of tasks draws
 * each window's requests. Lane {@code l}'s window {@code k} may run once the requests of window
 * {@code k} are drawn and every other lane has finished window {@code k - lookahead}: a window is
 * at most the least latency between lanes divided by {@code lookahead}, so nothing another lane
 * sends in a later window can be due before window {@code k} ends. The draw of window {@code k} may
 * run once every lane has finished window {@code k - drawAhead}, whose buffers it reuses. So a lane
 * may run up to {@code lookahead - 1} windows ahead of the slowest: a region whose window is heavy
 * (the coordinator's round, a burst of syncs) or whose thread the machine preempted holds the
 * others up only once they are that far ahead, where lock-step windows made every lane wait for the
 * heaviest at every window (the scale hour's two threads waited ~16 % of their time).
 *
 * <p>What a task reads and writes (its lane's state, its window's requests, the messages other
 * lanes sent it {@code lookahead} windows before) does not depend on the order the tasks ran in,
 * so the run does not depend on the number of threads nor on which ran what. Among the tasks that
 * may run, a thread takes the one of the earliest window (the draw counts one window early, to stay
 * ahead of the lanes), the heaviest lane first on a tie (by each lane's smoothed wall time), so the
 * earliest window, on which the others wait, is always in progress.
 *
 * <p>A waiting thread spins a few times, then yields its core until a task may run, and parks only
 * after a long idle spell (between runs). Yielding rather than spinning lets the machine's other
 * work (the JIT, the collector's helpers, the OS) run on the waiting core instead of preempting
 * the thread that the other waits for (simulations/README.md, "Scale run").
 */
public final class WindowScheduler implements AutoCloseable {
  /** What the scheduler runs; each call from one thread at a time, in the order described above. */
  public interface Work {
    /** Runs lane {@code lane}'s window {@code window}. */
    void runLane(int lane, int window);

    /** Draws the requests of window {@code window}. */
    void draw(int window);
  }

  /** Busy-wait iterations before yielding: a microsecond or so, for a task about to finish. */
  private static final int SPINS_BEFORE_YIELD = 200;
  /** Idle time after which a worker parks between checks: far more than a window takes. */
  private static final long YIELD_NANOS = 100_000_000L;

  private final int lanes;
  private final int lookahead;
  private final int drawAhead;
  private final Thread[] workers;
  /** Per task sequence (the lanes, then the draw at index {@code lanes}): windows finished. */
  private final AtomicIntegerArray finished;
  /** Per task sequence: 1 while a thread holds it. */
  private final AtomicIntegerArray held;
  /** Smoothed wall time per lane; scheduling only, results never depend on it. */
  private final long[] costNanos;
  /** The work of the current or last run and its end, published to the workers at once. */
  private volatile Batch batch;
  private volatile boolean closed;
  private volatile Throwable failure;
  private boolean broken;

  /**
   * {@code lanes} lanes on at most {@code threads} threads (no more threads than lanes and the
   * draw), a lane running at most {@code lookahead - 1} windows ahead of another, the draw at most
   * {@code drawAhead - 1} windows ahead of the lanes.
   */
  public WindowScheduler(int lanes, int lookahead, int drawAhead, int threads) {
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes: " + lanes + " must be ≥ 1");
    }
    if (lookahead < 1) {
      throw new IllegalArgumentException("lookahead: " + lookahead + " must be ≥ 1");
    }
    if (drawAhead < 2) {
      throw new IllegalArgumentException("drawAhead: " + drawAhead + " must be ≥ 2");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " must be ≥ 1");
    }
    this.lanes = lanes;
    this.lookahead = lookahead;
    this.drawAhead = drawAhead;
    this.finished = new AtomicIntegerArray(lanes + 1);
    this.held = new AtomicIntegerArray(lanes + 1);
    this.costNanos = new long[lanes + 1];
    workers = new Thread[Math.min(threads, lanes + 1) - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Thread(this::workerLoop, "sim-lane-worker-" + (i + 1));
      workers[i].setDaemon(true);
      workers[i].start();
    }
  }

  public int threads() {
    return workers.length + 1;
  }

  /**
   * Runs every lane's windows and draws up to {@code end} (exclusive) from where the last call
   * stopped, and returns when all are done; rethrows the first failure, after which the scheduler
   * refuses further runs (the lanes' state is then unknown).
   */
  public void runUntil(int end, Work task) {
    if (broken) {
      throw new IllegalStateException("an earlier run failed");
    }
    if (end < finished.get(lanes)) {
      throw new IllegalArgumentException("end: " + end + " is before window " + finished.get(lanes));
    }
    batch = new Batch(task, end);
    int spins = 0;
    while (failure == null && !allFinished(end)) {
      if (tryOne(task, end)) {
        spins = 0;
      } else {
        pause(spins++);
      }
    }
    Throwable t = failure;
    if (t != null) {
      broken = true;
      for (int spin = 0; anyHeld(); spin++) {
        pause(spin); // the other threads finish what they hold
      }
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }
  }

  private boolean allFinished(int end) {
    for (int q = 0; q <= lanes; q++) {
      if (finished.get(q) < end) {
        return false;
      }
    }
    return true;
  }

  private boolean anyHeld() {
    for (int q = 0; q <= lanes; q++) {
      if (held.get(q) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Runs one task that may run now, if any; whether it did. */
  private boolean tryOne(Work task, int end) {
    int q = pick(end);
    if (q < 0 || !held.compareAndSet(q, 0, 1)) {
      return false;
    }
    try {
      int window = finished.get(q); // only the holder moves it
      if (window >= end || !mayRun(q, window) || failure != null) {
        return false;
      }
      long start = System.nanoTime(); // scheduling only: results never depend on it
      try {
        if (q == lanes) {
          task.draw(window);
        } else {
          task.runLane(q, window);
        }
      } catch (Throwable t) {
        if (failure == null) {
          failure = t;
        }
        return true;
      }
      costNanos[q] += (System.nanoTime() - start - costNanos[q]) / 4;
      finished.set(q, window + 1); // publishes what the task did to whoever runs a task after it
      return true;
    } finally {
      held.set(q, 0);
    }
  }

  /** The task sequence to run next: the earliest window that may run, heaviest first; -1: none. */
  private int pick(int end) {
    int best = -1;
    int bestKey = Integer.MAX_VALUE;
    long bestCost = Long.MIN_VALUE;
    for (int q = 0; q <= lanes; q++) {
      int window = finished.get(q);
      if (window >= end || held.get(q) != 0 || !mayRun(q, window)) {
        continue;
      }
      int key = q == lanes ? window - 1 : window;
      long cost = costNanos[q];
      if (key < bestKey || (key == bestKey && cost > bestCost)) {
        best = q;
        bestKey = key;
        bestCost = cost;
      }
    }
    return best;
  }

  private boolean mayRun(int q, int window) {
    if (q == lanes) {
      for (int l = 0; l < lanes; l++) {
        if (finished.get(l) <= window - drawAhead) {
          return false; // lane l still reads the buffers this draw would fill
        }
      }
      return true;
    }
    if (finished.get(lanes) <= window) {
      return false; // its requests are not drawn yet
    }
    for (int l = 0; l < lanes; l++) {
      if (l != q && finished.get(l) <= window - lookahead) {
        return false; // lane l may still send something due in this window
      }
    }
    return true;
  }

  private void workerLoop() {
    int spins = 0;
    long idleSince = 0;
    while (!closed) {
      Batch b = batch;
      if (b != null && failure == null && tryOne(b.work, b.end)) {
        spins = 0;
        continue;
      }
      if (spins == SPINS_BEFORE_YIELD) {
        idleSince = System.nanoTime();
      }
      if (spins <= SPINS_BEFORE_YIELD || System.nanoTime() - idleSince < YIELD_NANOS) {
        pause(spins++);
      } else {
        LockSupport.parkNanos(50_000L);
      }
    }
  }

  /** One step of a wait: a busy-wait hint for the first few, then the core is offered to others. */
  private static void pause(int spins) {
    if (spins < SPINS_BEFORE_YIELD) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  private record Batch(Work work, int end) {}

  @Override
  public void close() {
    closed = true;
    for (Thread worker : workers) {
      LockSupport.unpark(worker);
    }
  }
}
