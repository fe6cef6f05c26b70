package io.leasehold.model.time;

import java.util.Arrays;

/**
 * Items ordered by when they next need attention, so a periodic pass visits only the items that
 * are due instead of all of them (the edge's lease-expiry sweep, the aggregator's housekeeping).
 * Not thread-safe: one owner thread.
 *
 * <p>A min-heap of (due time, item) pairs with lazy deletion: an item's {@link Entry} holds the one
 * due time that counts. Filing an item for a later time than it already is keeps the earlier filing
 * (the owner finds it not due yet and files it again); filing it for an earlier time adds a pair,
 * and the older one is skipped when it comes up. Times are {@link Clock} nanos, compared by
 * difference so that wrap-around does not matter.
 *
 * @param <T> the items, which carry their filing
 */
public final class DueQueue<T extends DueQueue.Entry> {

  /** An item's filing in its queue; an item belongs to at most one queue. */
  public abstract static class Entry {
    private boolean filed;
    private long dueAt;

    /** Whether it is filed, for {@link #dueAt()}. */
    public final boolean filed() {
      return filed;
    }

    public final long dueAt() {
      return dueAt;
    }
  }

  private long[] due = new long[64];
  private Entry[] items = new Entry[64];
  private int size;

  /** Files {@code item} to come up at {@code at}, unless it is filed for that time or earlier. */
  public void file(T filing, long at) {
    Entry item = filing; // its fields are private to the queue, reached through the entry type
    if (item.filed && item.dueAt - at <= 0) {
      return;
    }
    item.filed = true;
    item.dueAt = at;
    if (size == due.length) {
      due = Arrays.copyOf(due, size * 2);
      items = Arrays.copyOf(items, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (due[parent] - at <= 0) {
        break;
      }
      due[i] = due[parent];
      items[i] = items[parent];
      i = parent;
    }
    due[i] = at;
    items[i] = item;
  }

  /**
   * Takes the next item due at or before {@code now}, clearing its filing; null when none is.
   * Pairs made stale by an earlier filing of the same item are dropped on the way.
   */
  @SuppressWarnings("unchecked")
  public T pollDue(long now) {
    while (size > 0 && now - due[0] >= 0) {
      long at = due[0];
      Entry item = items[0];
      removeTop();
      if (item.filed && item.dueAt == at) {
        item.filed = false;
        return (T) item;
      }
    }
    return null;
  }

  /** Pairs in the heap, stale ones included. */
  public int size() {
    return size;
  }

  private void removeTop() {
    int last = --size;
    long movedDue = due[last];
    Entry moved = items[last];
    items[last] = null;
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
      items[i] = items[child];
      i = child;
    }
    due[i] = movedDue;
    items[i] = moved;
  }
}
