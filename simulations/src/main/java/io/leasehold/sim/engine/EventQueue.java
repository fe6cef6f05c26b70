package io.leasehold.sim.engine;

import java.util.Arrays;

/**
 * Binary min-heap of events ordered by (time, sequence number), stored in parallel primitive
 * arrays so that scheduling allocates nothing once the arrays have grown to the working size.
 *
 * <p>The sequence number is assigned at scheduling time, so events due at the same nanosecond run
 * in the order they were scheduled: ties never depend on heap layout, which keeps runs
 * deterministic.
 */
public final class EventQueue {
  private long[] times;
  private long[] seqs;
  private long[] args;
  private EventHandler[] handlers;
  private int size;
  private long nextSeq;

  public EventQueue() {
    this(1024);
  }

  public EventQueue(int initialCapacity) {
    int capacity = Math.max(16, initialCapacity);
    times = new long[capacity];
    seqs = new long[capacity];
    args = new long[capacity];
    handlers = new EventHandler[capacity];
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Time of the earliest event; {@link Long#MAX_VALUE} when empty. */
  public long peekTime() {
    return size == 0 ? Long.MAX_VALUE : times[0];
  }

  public void add(long timeNanos, EventHandler handler, long arg) {
    if (size == times.length) {
      grow();
    }
    int i = size++;
    long seq = nextSeq++;
    // sift up
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(timeNanos, seq, times[parent], seqs[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, timeNanos, seq, handler, arg);
  }

  /**
   * Removes the earliest event and hands it to {@code sink}; returns false when empty. The sink is
   * called after the heap is consistent again, so it may schedule new events.
   */
  public boolean pollInto(Sink sink) {
    if (size == 0) {
      return false;
    }
    long time = times[0];
    long arg = args[0];
    EventHandler handler = handlers[0];
    int last = --size;
    if (last > 0) {
      siftDown(times[last], seqs[last], handlers[last], args[last]);
    }
    handlers[last] = null;
    sink.accept(time, handler, arg);
    return true;
  }

  /** Receives a polled event. */
  @FunctionalInterface
  public interface Sink {
    void accept(long timeNanos, EventHandler handler, long arg);
  }

  private void siftDown(long time, long seq, EventHandler handler, long arg) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(times[right], seqs[right], times[child], seqs[child])) {
        child = right;
      }
      if (!before(times[child], seqs[child], time, seq)) {
        break;
      }
      move(child, i);
      i = child;
    }
    set(i, time, seq, handler, arg);
  }

  private static boolean before(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    seqs[to] = seqs[from];
    handlers[to] = handlers[from];
    args[to] = args[from];
  }

  private void set(int i, long time, long seq, EventHandler handler, long arg) {
    times[i] = time;
    seqs[i] = seq;
    handlers[i] = handler;
    args[i] = arg;
  }

  private void grow() {
    int capacity = times.length * 2;
    times = Arrays.copyOf(times, capacity);
    seqs = Arrays.copyOf(seqs, capacity);
    args = Arrays.copyOf(args, capacity);
    handlers = Arrays.copyOf(handlers, capacity);
  }
}
