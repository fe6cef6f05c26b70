package io.leasehold.edge.core;

import java.util.Arrays;

/**
 * The entries holding a lease, ordered by when their earliest lease runs out, so the sync loop's
 * expiry sweep visits only the entries that are due instead of every leased entry every round (with
 * thousands of keys per edge, that scan was most of an edge's sync work). Sync thread only.
 *
 * <p>A min-heap of (due time, entry) pairs with lazy deletion: an entry's {@link KeyState#sweepAt}
 * is the one pair that counts; a renewal that moves its expiry later leaves the pair where it is (the
 * sweep finds it not due and files it again), one that moves it earlier files a second pair and the
 * older one is skipped when it comes up. Times are {@link io.leasehold.model.time.Clock} nanos,
 * compared by difference so that wrap-around does not matter.
 */
final class ExpirySchedule {
  private long[] due = new long[64];
  private KeyState[] entries = new KeyState[64];
  private int size;

  /** Files {@code entry} to be swept at {@code at}, unless it is already filed for that time or earlier. */
  void schedule(KeyState entry, long at) {
    if (entry.swept && entry.sweepAt - at <= 0) {
      return;
    }
    entry.swept = true;
    entry.sweepAt = at;
    if (size == due.length) {
      due = Arrays.copyOf(due, size * 2);
      entries = Arrays.copyOf(entries, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (due[parent] - at <= 0) {
        break;
      }
      due[i] = due[parent];
      entries[i] = entries[parent];
      i = parent;
    }
    due[i] = at;
    entries[i] = entry;
  }

  /**
   * Takes the next entry due at or before {@code now}, clearing its filing; null when none is. Pairs
   * made stale by a later filing of the same entry are dropped on the way.
   */
  KeyState pollDue(long now) {
    while (size > 0 && now - due[0] >= 0) {
      long at = due[0];
      KeyState entry = entries[0];
      removeTop();
      if (entry.swept && entry.sweepAt == at) {
        entry.swept = false;
        return entry;
      }
    }
    return null;
  }

  int size() {
    return size;
  }

  private void removeTop() {
    int last = --size;
    long movedDue = due[last];
    KeyState moved = entries[last];
    entries[last] = null;
    if (last == 0) {
      return;
    }
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= last) {
        break;
      }
      if (child + 1 < last && due[child + 1] - due[child] < 0) {
        child++;
      }
      if (movedDue - due[child] <= 0) {
        break;
      }
      due[i] = due[child];
      entries[i] = entries[child];
      i = child;
    }
    due[i] = movedDue;
    entries[i] = moved;
  }
}
