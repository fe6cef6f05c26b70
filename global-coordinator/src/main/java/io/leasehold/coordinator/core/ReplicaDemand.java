package io.leasehold.coordinator.core;

import io.leasehold.model.alloc.DemandEstimator;
import io.leasehold.model.alloc.DemandState;
import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.alloc.UsageSample;
import io.leasehold.model.message.DemandReport;
import java.math.BigInteger;
import java.util.ArrayDeque;

/**
 * What one aggregator replica of a region reported for one quota, and which of our grants it may
 * be applying. The replicas of a region share its regional bucket but each reports only the usage
 * of its own edges, over its own interval, so demand is estimated per replica and summed.
 */
final class ReplicaDemand {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int RECENT_GRANTS = 16;

  private DemandState state = DemandState.INITIAL;
  private long reportedRate;
  private long usedRate;
  private long lastReportNanos = RegionDemand.NEVER;
  /** The newest wire epoch this replica acknowledged; 0 when none. */
  private long ackedEpoch;
  /** Grants sent to this replica and not yet acknowledged: {wire epoch, parent-side expiry}, oldest first. */
  private final ArrayDeque<long[]> unacknowledged = new ArrayDeque<>();
  /** No grant sent to this replica can be in use after this (parent clock). */
  private long grantsLiveUntilNanos = RegionDemand.NEVER;

  /**
   * Feeds one report of this replica.
   *
   * @param regionGrantedRate the rate granted to the region (shared by its replicas)
   * @param othersUsedRate what the region's other live replicas used at their latest report
   */
  void observe(DemandReport report, boolean fresh, long nowNanos, long firstIntervalNanos,
      DemandEstimator estimator, long regionGrantedRate, long othersUsedRate) {
    if (fresh) {
      long interval = lastReportNanos == RegionDemand.NEVER ? firstIntervalNanos : Math.max(1, nowNanos - lastReportNanos);
      long consumed = Units.tokensToMilli(report.consumed());
      usedRate = perSecond(consumed, interval);
      reportedRate = Units.microRateToMilliCeil(report.demandMicroTokensPerSecond());
      if (lastReportNanos == RegionDemand.NEVER) {
        // The first report covers an interval we do not know (after a failover, everything since
        // the replica's last answered report: two or more intervals when the election took a
        // while), so its counts say nothing about a rate. The replica's own estimate does; start
        // from it rather than from an inflated sample that the slow falling average keeps for
        // seconds (coordinator-failover: 2× demand everywhere, shares stuck at equal splits).
        state = new DemandState(reportedRate, reportedRate, 1);
      } else {
        UsageSample sample = new UsageSample(consumed, Units.tokensToMilli(report.denied()), interval);
        state = estimator.next(state, sample, grantShare(regionGrantedRate, usedRate, othersUsedRate));
      }
    }
    lastReportNanos = Math.max(lastReportNanos, nowNanos);
  }

  /**
   * This replica's part of the region's grant, in proportion to what each replica uses: the
   * estimator's growth allowance then fires when the region as a whole uses nearly all of its
   * grant, not never (a replica alone never uses the whole grant of its region).
   */
  private static long grantShare(long regionGrantedRate, long used, long othersUsed) {
    long total = Math.min(RateBurst.MAX_AMOUNT, used + othersUsed);
    if (total == 0 || othersUsed == 0) {
      return regionGrantedRate;
    }
    return BigInteger.valueOf(regionGrantedRate).multiply(BigInteger.valueOf(used))
        .divide(BigInteger.valueOf(total)).longValueExact();
  }

  private static long perSecond(long amount, long intervalNanos) {
    BigInteger rate = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(NANOS_PER_SECOND))
        .divide(BigInteger.valueOf(intervalNanos));
    return rate.min(BigInteger.valueOf(RateBurst.MAX_AMOUNT)).longValueExact();
  }

  void granted(long wireEpoch, long liveUntilNanos) {
    unacknowledged.addLast(new long[] {wireEpoch, liveUntilNanos});
    grantsLiveUntilNanos = Math.max(grantsLiveUntilNanos, liveUntilNanos);
    if (unacknowledged.size() > RECENT_GRANTS) {
      // Dropping the newest would forget a grant that may be in use; the oldest is superseded.
      unacknowledged.removeFirst();
    }
  }

  /** Records that this replica applies the grant of {@code wireEpoch} (so no older one of ours). */
  void acknowledged(long wireEpoch) {
    if (wireEpoch <= ackedEpoch) {
      return;
    }
    ackedEpoch = wireEpoch;
    unacknowledged.removeIf(g -> g[0] <= wireEpoch);
  }

  /**
   * The oldest wire epoch of ours this replica may still be applying: its acknowledged one, or
   * without one the oldest live grant sent to it; {@link Long#MAX_VALUE} when it holds none.
   */
  long oldestInUse(long nowNanos) {
    if (ackedEpoch > 0) {
      return ackedEpoch;
    }
    unacknowledged.removeIf(g -> g[1] <= nowNanos);
    return unacknowledged.isEmpty() ? Long.MAX_VALUE : unacknowledged.peekFirst()[0];
  }

  /** Whether a grant sent to this replica may still be in use at {@code nowNanos}. */
  boolean mayHoldGrant(long nowNanos) {
    return grantsLiveUntilNanos != RegionDemand.NEVER && nowNanos < grantsLiveUntilNanos;
  }

  /**
   * The replica's own estimate. The coordinator's re-estimate from the report's counts (kept for
   * {@link #smoothedRate}) is over the coordinator's interval between reports, which network delay
   * and report timing make noisier than the replica's per-edge rates; taking the larger of the two
   * put a fully served region's grant above its use about half the time, and every such swing of a
   * grant parks capacity in transit while the shrink is acknowledged (steady-skewed: 49.2 k of
   * 50 k/s granted on average; 49.8 k with the replica's estimate alone).
   */
  long demandRate() {
    return Math.min(RateBurst.MAX_AMOUNT, reportedRate);
  }

  long smoothedRate() {
    return state.smoothedRate();
  }

  long usedRate() {
    return usedRate;
  }

  long lastReportNanos() {
    return lastReportNanos;
  }
}
