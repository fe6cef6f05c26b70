package io.leasehold.aggregator.core;

/** Per-edge request sequencing: drops duplicates and reordered retries of a sync. */
final class EdgeSession {
  /** Requests this far behind the newest seen are treated as a restarted edge, not as retries. */
  static final long REORDER_WINDOW = 16;

  long lastSeq = -1;
  /** When the edge last synced; meaningful once {@link #synced}. */
  long lastSeenNanos;
  /** Whether a sync of this edge was applied (its first report covers one sync interval). */
  boolean synced;

  /** Whether the request was already processed (or overtaken) and must not be applied again. */
  boolean isReplay(long seq) {
    return lastSeq >= 0 && seq <= lastSeq && lastSeq - seq < REORDER_WINDOW;
  }
}
