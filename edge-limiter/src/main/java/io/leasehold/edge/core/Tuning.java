package io.leasehold.edge.core;

import io.leasehold.edge.EdgeSettings;
import io.leasehold.model.alloc.DemandEstimator;
import java.util.concurrent.atomic.LongAdder;

/** Settings in the units the request path uses, plus the gauges quota states keep up to date. */
final class Tuning {
  final long syncIntervalNanos;
  final long leaseMarginNanos;
  final long unavailableRetryNanos;
  final long prefetchNanos;
  /**
   * A leased quota asks for an early sync once its tokens would last less than this at its demand.
   * The aggregator tops a quota up to {@link #prefetchNanos} of demand at every sync, so in steady
   * state it holds between one and two intervals' worth; only demand that outruns the estimate
   * reaches a quarter of the horizon (half an interval by default) before the next periodic sync.
   */
  final long lowWaterNanos;
  /**
   * A lease that leaves a quota with less than this much demand's worth (half the horizon) shows
   * the aggregator could not fill what the edge wanted: the region is short, refusals are expected
   * and an early sync would only add load, so the quota waits for the periodic one.
   */
  final long supplyShortNanos;
  /** No early sync within this of the previous round's start (at most four per interval by default). */
  final long earlySyncGapNanos;
  final DemandEstimator estimator;
  /** The sequence number of the sync round whose reports are being built (sync thread only). */
  long buildingRound;
  /** The highest sync round answered or failed: a thin share's held request learns here that its ask came back. */
  volatile long lastEndedRound;
  final LongAdder leasedQuotas = new LongAdder();
  final LongAdder fallbackQuotas = new LongAdder();
  final LongAdder thinShareHolds = new LongAdder();

  Tuning(EdgeSettings settings) {
    this.syncIntervalNanos = settings.syncInterval().toNanos();
    this.leaseMarginNanos = settings.leaseSafetyMargin().toNanos();
    this.unavailableRetryNanos = settings.unavailableRetryAfter().toNanos();
    this.prefetchNanos = syncIntervalNanos * settings.prefetchIntervals();
    this.lowWaterNanos = prefetchNanos / 4;
    this.supplyShortNanos = prefetchNanos / 2;
    this.earlySyncGapNanos = Math.max(settings.minEarlySyncGap().toNanos(), syncIntervalNanos / 4);
    this.estimator = new DemandEstimator(settings.demand());
  }
}
