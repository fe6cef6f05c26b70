package io.leasehold.edge.core;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Entries one deciding thread touched since the last sync, so the sync finds them without scanning
 * the table. One log per thread: appending is an uncontended monitor and, once the array has grown
 * to the thread's working set, allocates nothing (a linked queue would allocate a node per entry
 * per sync interval). With {@link DecidingThreads#ONE_AT_A_TIME} one log serves every thread.
 */
final class DirtyLog {
  private KeyState[] items = new KeyState[256];
  private int size;
  private KeyState[] spare = new KeyState[256];

  synchronized void add(KeyState entry) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = entry;
  }

  /** Hands every logged entry to {@code sink} (outside the monitor) and empties the log. */
  void drainTo(Consumer<KeyState> sink) {
    KeyState[] taken;
    int count;
    synchronized (this) {
      taken = items;
      count = size;
      items = spare.length >= taken.length / 2 ? spare : new KeyState[Math.max(256, taken.length / 2)];
      size = 0;
    }
    for (int i = 0; i < count; i++) {
      sink.accept(taken[i]);
      taken[i] = null;
    }
    synchronized (this) {
      spare = taken;
    }
  }
}
