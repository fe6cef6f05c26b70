package io.leasehold.sim.engine;


/**
 * Requests waiting for an asynchronous decision, in a ring indexed by request id (ids are dense and
 * increasing), holding what the recorder needs once the decision arrives — no object per request.
 * The ring spans the oldest still-pending id to the newest id and grows when that span outgrows it.
 */
public final class PendingDecisions {
  /** Receives a request taken out of the ring. */
  @FunctionalInterface
  public interface Completion {
    void accept(int region, int rule, long key, int cost, long arrivalNanos, boolean idealAdmits);
  }

  private int mask = 1023;
  private boolean[] pending = new boolean[1024];
  private int[] region = new int[1024];
  private int[] rule = new int[1024];
  private long[] key = new long[1024];
  private int[] cost = new int[1024];
  private long[] arrival = new long[1024];
  private boolean[] ideal = new boolean[1024];
  private long oldest;
  private long next;
  private long count;

  public long size() {
    return count;
  }

  /** Parks request {@code id}; ids must be added in increasing order. */
  public void add(long id, int regionIndex, int ruleIndex, long keyIndex, int tokens,
      long arrivalNanos, boolean idealAdmits) {
    if (count == 0) {
      oldest = id;
    }
    while (id - oldest >= pending.length) {
      grow();
    }
    int i = (int) (id & mask);
    pending[i] = true;
    region[i] = regionIndex;
    rule[i] = ruleIndex;
    key[i] = keyIndex;
    cost[i] = tokens;
    arrival[i] = arrivalNanos;
    ideal[i] = idealAdmits;
    next = id + 1;
    count++;
  }

  /** Takes request {@code id} out and hands it to {@code completion}; false if it was not pending. */
  public boolean complete(long id, Completion completion) {
    if (count == 0 || id < oldest || id >= next || !pending[(int) (id & mask)]) {
      return false;
    }
    int i = (int) (id & mask);
    pending[i] = false;
    count--;
    while (count > 0 && !pending[(int) (oldest & mask)]) {
      oldest++;
    }
    completion.accept(region[i], rule[i], key[i], cost[i], arrival[i], ideal[i]);
    return true;
  }

  private void grow() {
    int capacity = pending.length * 2;
    boolean[] p = new boolean[capacity];
    int[] reg = new int[capacity];
    int[] rul = new int[capacity];
    long[] k = new long[capacity];
    int[] c = new int[capacity];
    long[] a = new long[capacity];
    boolean[] id = new boolean[capacity];
    int newMask = capacity - 1;
    for (long x = oldest; x < next; x++) {
      int from = (int) (x & mask);
      int to = (int) (x & newMask);
      p[to] = pending[from];
      reg[to] = region[from];
      rul[to] = rule[from];
      k[to] = key[from];
      c[to] = cost[from];
      a[to] = arrival[from];
      id[to] = ideal[from];
    }
    pending = p;
    region = reg;
    rule = rul;
    key = k;
    cost = c;
    arrival = a;
    ideal = id;
    mask = newMask;
  }
}
