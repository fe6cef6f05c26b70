package io.leasehold.aggregator.core;

import io.leasehold.model.alloc.DemandState;
import io.leasehold.model.alloc.core.ExactMath;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Usage of one rule aggregate in this region since the last region report (sum over its keys),
 * kept per edge so that the region's rate is free of aliasing between the two sync cadences.
 *
 * <p>Counting the edge reports that arrive in a region interval measures each edge over one or two
 * of its own intervals (250 ms of region interval holds one or two 200 ms edge rounds): with a few
 * edges per replica the counted rate swung ±15–25 % from report to report for a steady demand, and
 * each swing of a region whose demand was met moved its grant, parked capacity in transit between
 * regions while the shrink was acknowledged, and left a grant above its use half the time
 * (steady-skewed: 0.8 k/s of 50 k/s never granted). Each edge's usage is instead a rate over the
 * time its own reports cover; the region's is the sum of its edges' rates.
 */
final class RuleTraffic {
  /** When an edge first reported the rule to this leaser. */
  final long firstSeenNanos;
  /** Whether a region report has carried the rule yet. */
  boolean reported;
  long periodConsumed;
  long periodDenied;
  DemandState demand = DemandState.INITIAL;
  private final Map<String, EdgeUsage> edges = new HashMap<>();

  RuleTraffic(long firstSeenNanos) {
    this.firstSeenNanos = firstSeenNanos;
  }

  /** One edge report's usage of this rule, covering the {@code coveredNanos} since that edge's previous sync. */
  void add(String edgeId, long consumed, long denied, long coveredNanos, long nowNanos) {
    periodConsumed = RegionLeaser.saturatedCounter(periodConsumed + consumed);
    periodDenied = RegionLeaser.saturatedCounter(periodDenied + denied);
    EdgeUsage usage = edges.computeIfAbsent(edgeId, id -> new EdgeUsage());
    if (usage.startNanos == UNSET) {
      // Coverage runs on from where the last period's ended; an edge new to the rule covers the
      // time since its sync before this one.
      usage.startNanos = usage.endNanos != UNSET ? usage.endNanos : nowNanos - Math.max(1, coveredNanos);
    }
    usage.lastReportNanos = nowNanos;
    usage.consumed = RegionLeaser.saturatedCounter(usage.consumed + consumed);
    usage.denied = RegionLeaser.saturatedCounter(usage.denied + denied);
  }

  /**
   * Closes the period: the region's consumed and denied rates, milli-tokens per second,
   * {@code [consumed, denied]}. An edge that reported the rule in the period counts at its usage
   * over the time from where its coverage started to its latest sync, so that its syncs without
   * the rule count as time it used none of it (a sparse rule, reported in one round of two, read
   * twice its rate otherwise). One that has not synced since its last report of the rule (its
   * interval is longer than this period) counts at its previous rate, for at most
   * {@code carryNanos}; one that synced without the rule used none of it.
   *
   * @param lastSyncNanos when an edge last synced with this replica
   */
  long[] closePeriod(long carryNanos, long nowNanos, ToLongFunction<String> lastSyncNanos) {
    long consumed = 0;
    long denied = 0;
    for (Iterator<Map.Entry<String, EdgeUsage>> it = edges.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, EdgeUsage> e = it.next();
      EdgeUsage usage = e.getValue();
      long lastSync = lastSyncNanos.applyAsLong(e.getKey());
      if (usage.startNanos != UNSET) {
        long end = Math.max(lastSync, usage.lastReportNanos);
        long covered = Math.max(1, end - usage.startNanos);
        usage.consumedRate = ExactMath.mulDivFloor(Math.min(usage.consumed, MAX_COUNT) * 1000, NANOS_PER_SECOND, covered);
        usage.deniedRate = ExactMath.mulDivFloor(Math.min(usage.denied, MAX_COUNT) * 1000, NANOS_PER_SECOND, covered);
        usage.consumed = 0;
        usage.denied = 0;
        usage.startNanos = UNSET;
        usage.endNanos = end;
      } else if (lastSync != usage.endNanos || nowNanos - usage.endNanos > carryNanos) {
        it.remove();
        continue;
      }
      consumed = RegionLeaser.saturatedCounter(consumed + usage.consumedRate);
      denied = RegionLeaser.saturatedCounter(denied + usage.deniedRate);
    }
    periodConsumed = 0;
    periodDenied = 0;
    return new long[] {consumed, denied};
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long UNSET = Long.MIN_VALUE;
  /** Counts above this are clamped before scaling (2^40 tokens: far beyond any interval's usage). */
  private static final long MAX_COUNT = 1L << 40;

  private static final class EdgeUsage {
    long consumed;
    long denied;
    /** Start of the time this period's reports cover; {@link #UNSET} before the period's first report. */
    long startNanos = UNSET;
    /** Where the last closed period's coverage ended (the edge's latest sync then). */
    long endNanos = UNSET;
    long lastReportNanos = UNSET;
    /** Milli-tokens per second at the last close, carried while the edge has not synced since. */
    long consumedRate;
    long deniedRate;
  }
}
