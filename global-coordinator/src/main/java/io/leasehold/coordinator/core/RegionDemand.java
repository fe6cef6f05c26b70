package io.leasehold.coordinator.core;

import io.leasehold.model.alloc.DemandEstimator;
import io.leasehold.model.alloc.DemandState;
import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.alloc.UsageSample;
import io.leasehold.model.message.DemandReport;

/** What the pool knows about one region's use of one quota: demand, last report, last grant. */
final class RegionDemand {
  static final long NEVER = Long.MIN_VALUE;

  private DemandState state = DemandState.INITIAL;
  private long reportedRate;
  private long lastReportNanos = NEVER;
  private long lastGrantedRate;
  long lastTargetRate;
  boolean lastHeldBack;
  long lastWireEpoch;
  RateBurst lastGrant;
  /** Recent grants' wire epochs and parent-side expiries, newest last (bounded). */
  private final java.util.ArrayDeque<long[]> recentGrants = new java.util.ArrayDeque<>();
  private static final int RECENT_GRANTS = 16;

  /**
   * Feeds one report. A repeated request (same aggregator sequence number) refreshes liveness but
   * is not counted as usage again.
   */
  void observe(DemandReport report, boolean fresh, long nowNanos, long firstIntervalNanos, DemandEstimator estimator) {
    if (fresh) {
      long interval = lastReportNanos == NEVER ? firstIntervalNanos : Math.max(1, nowNanos - lastReportNanos);
      UsageSample sample = new UsageSample(Units.tokensToMilli(report.consumed()),
          Units.tokensToMilli(report.denied()), interval);
      state = estimator.next(state, sample, lastGrantedRate);
      reportedRate = Units.microRateToMilliCeil(report.demandMicroTokensPerSecond());
    }
    lastReportNanos = nowNanos;
  }

  void granted(RateBurst amount, long wireEpoch, long targetRate, boolean heldBack, long liveUntilNanos) {
    recentGrants.addLast(new long[] {wireEpoch, liveUntilNanos});
    if (recentGrants.size() > RECENT_GRANTS) {
      recentGrants.removeFirst();
    }
    lastGrant = amount;
    lastGrantedRate = amount.rate();
    lastWireEpoch = wireEpoch;
    lastTargetRate = targetRate;
    lastHeldBack = heldBack;
  }

  /**
   * Demand fed to the allocator: our own estimate from consumed + denied (with its growth
   * allowance), or the region's own estimate when that is higher — edges that pace themselves
   * show their wants only to the region.
   */
  /** Until when the grant of {@code wireEpoch} may be in use; {@link #NEVER} when it is not a recent one. */
  long liveUntil(long wireEpoch) {
    for (long[] grant : recentGrants) {
      if (grant[0] == wireEpoch) {
        return grant[1];
      }
    }
    return NEVER;
  }

  long demandRate() {
    return Math.min(RateBurst.MAX_AMOUNT, Math.max(state.estimateRate(), reportedRate));
  }

  long smoothedRate() {
    return state.smoothedRate();
  }

  long lastReportNanos() {
    return lastReportNanos;
  }

  boolean liveAt(long nowNanos, long livenessNanos) {
    return lastReportNanos != NEVER && nowNanos - lastReportNanos <= livenessNanos;
  }
}
