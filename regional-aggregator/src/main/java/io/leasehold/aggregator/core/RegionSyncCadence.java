package io.leasehold.aggregator.core;

/**
 * When an aggregator sends its next region report: after an answer, the coordinator's hint within
 * bounds; after failures, a short backoff. The HTTP shell and the simulator both schedule by it, so
 * that the simulated region-sync loop is the production one.
 */
public final class RegionSyncCadence {
  /** The longest wait between two region reports. */
  public static final long MAX_DELAY_NANOS = 10_000_000_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private RegionSyncCadence() {}

  /**
   * After an answer whose hint was {@code hintMillis} (0: none, the interval): no sooner than a
   * twentieth of the interval, which is what the coordinator asks of a replica with a shrink to
   * acknowledge (global-coordinator/README.md, "Fast acknowledgement") and keeps a misbehaving
   * coordinator from making the region spin, and no later than {@link #MAX_DELAY_NANOS}.
   */
  public static long afterAnswerNanos(long hintMillis, long intervalNanos) {
    long hint = hintMillis > 0
        ? Math.min(hintMillis, MAX_DELAY_NANOS / NANOS_PER_MILLI) * NANOS_PER_MILLI
        : intervalNanos;
    return Math.min(Math.max(hint, intervalNanos / 20), MAX_DELAY_NANOS);
  }

  /**
   * After {@code failuresInARow} failed reports (at least one): the interval, doubled for a second
   * failure, never more. While no coordinator leads (an election takes the etcd lease TTL), a long
   * backoff would make the region find the new leader only after its grants ran out, and one small
   * request per region every two intervals costs the coordinators nothing.
   */
  public static long afterFailureNanos(int failuresInARow, long intervalNanos) {
    int doublings = Math.min(Math.max(failuresInARow, 1) - 1, 10);
    return Math.min(Math.min(2 * intervalNanos, intervalNanos << doublings), MAX_DELAY_NANOS);
  }
}
