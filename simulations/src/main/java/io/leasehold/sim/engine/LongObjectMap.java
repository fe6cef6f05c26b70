package io.leasehold.sim.engine;

import java.util.Arrays;

/**
 * Open-addressing hash map from {@code long} to objects (linear probing, power-of-two table), for
 * per-quota state of millions of keys without boxing. Iteration order depends only on the keys
 * inserted, never on identity hash codes, so it is deterministic.
 */
public final class LongObjectMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;
  private int mask;

  public LongObjectMap() {
    this(64);
  }

  public LongObjectMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
  }

  public int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  public V get(long key) {
    int i = slot(key);
    while (values[i] != null) {
      if (keys[i] == key) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** Inserts or replaces; {@code value} must not be null. */
  public void put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("value: null is not allowed");
    }
    int i = slot(key);
    while (values[i] != null) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      rehash();
    }
  }

  /** Visits every entry. */
  @SuppressWarnings("unchecked")
  public void forEach(Visitor<V> visitor) {
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != null) {
        visitor.visit(keys[i], (V) values[i]);
      }
    }
  }

  /** Receives one entry. */
  @FunctionalInterface
  public interface Visitor<V> {
    void visit(long key, V value);
  }

  private int slot(long key) {
    return (int) (Rngs.mix64(key) & mask);
  }

  private void rehash() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        int j = slot(oldKeys[i]);
        while (values[j] != null) {
          j = (j + 1) & mask;
        }
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
      }
    }
    Arrays.fill(oldValues, null);
  }
}
