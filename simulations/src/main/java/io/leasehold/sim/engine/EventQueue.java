package io.leasehold.sim.engine;

import java.util.Arrays;

/**
 * Binary min-heap of events ordered by (time, sequence number), stored in parallel primitive
 * arrays so that scheduling allocates nothing once the arrays have grown to the working size.
 *
 * <p>The sequence number is assigned at scheduling time, so events due at the same nanosecond run
 * in the order they were scheduled: ties never depend on heap layout, which keeps runs
 * deterministic.
 *
 * <p>Events scheduled a fixed delay ahead (a call's timeout) come due in the order they were
 * scheduled, and most are moot by then (the call was answered): {@link #addInOrder} keeps them in
 * first-in-first-out rings beside the heap instead of in it. In the scale run they were about
 * three in four of a lane's pending events (up to ~550 against ~200 others), and every other event
 * sifted through them.
 * Polling takes the earliest of the heap's top and the rings' heads by the same (time, sequence)
 * order, so the order events run in is exactly the heap's alone.
 */
public final class EventQueue {
  /** Rings for {@link #addInOrder}: one per distinct delay is enough (a lane has two). */
  private static final int RINGS = 4;

  private final Ring[] rings = new Ring[RINGS];
  private int ringCount;
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
    int n = size;
    for (int r = 0; r < ringCount; r++) {
      n += rings[r].size;
    }
    return n;
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** Time of the earliest event; {@link Long#MAX_VALUE} when empty. */
  public long peekTime() {
    long earliest = size == 0 ? Long.MAX_VALUE : times[0];
    for (int r = 0; r < ringCount; r++) {
      Ring ring = rings[r];
      if (ring.size != 0 && ring.times[ring.head] < earliest) {
        earliest = ring.times[ring.head];
      }
    }
    return earliest;
  }

  /**
   * {@link #add} for an event that is likely due no earlier than the last one added this way with
   * the same delay (a fixed timeout): it joins the first ring whose last event is not later, or
   * starts one, and only when none fits (nor may be started) goes to the heap. Runs in the same
   * order as {@link #add} would have it run.
   */
  public void addInOrder(long timeNanos, EventHandler handler, long arg) {
    for (int r = 0; r < ringCount; r++) {
      Ring ring = rings[r];
      if (ring.size == 0 || ring.lastTime() <= timeNanos) {
        ring.add(timeNanos, nextSeq++, handler, arg);
        return;
      }
    }
    if (ringCount < RINGS) {
      Ring ring = new Ring();
      rings[ringCount++] = ring;
      ring.add(timeNanos, nextSeq++, handler, arg);
      return;
    }
    add(timeNanos, handler, arg);
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
    Ring first = null;
    long firstTime = 0;
    long firstSeq = 0;
    for (int r = 0; r < ringCount; r++) {
      Ring ring = rings[r];
      if (ring.size != 0) {
        long t = ring.times[ring.head];
        long q = ring.seqs[ring.head];
        if (first == null || before(t, q, firstTime, firstSeq)) {
          first = ring;
          firstTime = t;
          firstSeq = q;
        }
      }
    }
    if (first != null && (size == 0 || before(firstTime, firstSeq, times[0], seqs[0]))) {
      first.pollInto(sink);
      return true;
    }
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

  /** A first-in-first-out run of events whose times never decrease. */
  private static final class Ring {
    long[] times = new long[64];
    long[] seqs = new long[64];
    long[] args = new long[64];
    EventHandler[] handlers = new EventHandler[64];
    int head;
    int size;

    long lastTime() {
      return times[(head + size - 1) & (times.length - 1)];
    }

    void add(long time, long seq, EventHandler handler, long arg) {
      if (size == times.length) {
        grow();
      }
      int i = (head + size++) & (times.length - 1);
      times[i] = time;
      seqs[i] = seq;
      handlers[i] = handler;
      args[i] = arg;
    }

    void pollInto(Sink sink) {
      int i = head;
      long time = times[i];
      long arg = args[i];
      EventHandler handler = handlers[i];
      handlers[i] = null;
      head = (head + 1) & (times.length - 1);
      size--;
      sink.accept(time, handler, arg);
    }

    private void grow() {
      int capacity = times.length * 2;
      long[] t = unrolled(times, new long[capacity]);
      long[] q = unrolled(seqs, new long[capacity]);
      long[] a = unrolled(args, new long[capacity]);
      handlers = unrolled(handlers, new EventHandler[capacity]);
      times = t;
      seqs = q;
      args = a;
      head = 0;
    }

    /** Copies the ring's events, oldest first, to the start of {@code into} (an array of the same type). */
    private <A> A unrolled(A ring, A into) {
      int first = Math.min(size, times.length - head);
      System.arraycopy(ring, head, into, 0, first);
      System.arraycopy(ring, 0, into, first, size - first);
      return into;
    }
  }

  private void grow() {
    int capacity = times.length * 2;
    times = Arrays.copyOf(times, capacity);
    seqs = Arrays.copyOf(seqs, capacity);
    args = Arrays.copyOf(args, capacity);
    handlers = Arrays.copyOf(handlers, capacity);
  }
}
