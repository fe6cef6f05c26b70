package io.leasehold.sim.traffic;

import java.util.Arrays;

/**
 * The requests of one tick, in parallel arrays reused from tick to tick. Read entry {@code order(i)}
 * for the i-th request in arrival order; it arrives at {@link #time(int) time(i)}.
 */
public final class RequestBatch {
  private int size;
  private long tickStart;
  private long tickNanos;
  private int[] region = new int[1024];
  private int[] edge = new int[1024];
  private int[] rule = new int[1024];
  private long[] key = new long[1024];
  private int[] cost = new int[1024];
  private int[] order = new int[1024];

  public int size() {
    return size;
  }

  /** Arrival time of the i-th request: evenly spaced inside the tick, in shuffled order. */
  public long time(int i) {
    return tickStart + (i * tickNanos) / size;
  }

  public int order(int i) {
    return order[i];
  }

  public int region(int entry) {
    return region[entry];
  }

  public int edge(int entry) {
    return edge[entry];
  }

  public int rule(int entry) {
    return rule[entry];
  }

  public long key(int entry) {
    return key[entry];
  }

  public int cost(int entry) {
    return cost[entry];
  }

  void reset(long tickStartNanos, long tickLengthNanos) {
    size = 0;
    tickStart = tickStartNanos;
    tickNanos = tickLengthNanos;
  }

  void add(int regionIndex, int edgeIndex, int ruleIndex, long keyIndex, int tokens) {
    if (size == region.length) {
      int capacity = size * 2;
      region = Arrays.copyOf(region, capacity);
      edge = Arrays.copyOf(edge, capacity);
      rule = Arrays.copyOf(rule, capacity);
      key = Arrays.copyOf(key, capacity);
      cost = Arrays.copyOf(cost, capacity);
      order = Arrays.copyOf(order, capacity);
    }
    region[size] = regionIndex;
    edge[size] = edgeIndex;
    rule[size] = ruleIndex;
    key[size] = keyIndex;
    cost[size] = tokens;
    order[size] = size;
    size++;
  }

  int[] orderArray() {
    return order;
  }
}
