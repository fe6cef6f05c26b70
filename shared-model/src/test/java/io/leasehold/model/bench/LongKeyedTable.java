package io.leasehold.model.bench;

/**
 * A minimal open-addressing map from non-zero {@code long} keys to values (linear probing, load ≤
 * 0.5, no removal): the shape of a primitive-keyed lease table, so that the benchmark measures a
 * realistic lookup without boxing. Benchmark support only.
 */
final class LongKeyedTable<V> {
  private final long[] keys;
  private final Object[] values;
  private final int mask;
  private final int shift;

  LongKeyedTable(int expectedSize) {
    int capacity = Integer.highestOneBit(Math.max(2, expectedSize) * 2 - 1) << 1;
    keys = new long[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
  }

  void put(long key, V value) {
    if (key == 0) {
      throw new IllegalArgumentException("key: 0 is reserved for empty slots");
    }
    int slot = slot(key);
    while (keys[slot] != 0 && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    values[slot] = value;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int slot = slot(key);
    long found;
    while ((found = keys[slot]) != key) {
      if (found == 0) {
        return null;
      }
      slot = (slot + 1) & mask;
    }
    return (V) values[slot];
  }

  private int slot(long key) {
    return (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> shift);
  }
}
