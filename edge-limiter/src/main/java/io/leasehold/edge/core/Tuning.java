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
  final DemandEstimator estimator;
  final LongAdder leasedQuotas = new LongAdder();
  final LongAdder fallbackQuotas = new LongAdder();

  Tuning(EdgeSettings settings) {
    this.syncIntervalNanos = settings.syncInterval().toNanos();
    this.leaseMarginNanos = settings.leaseSafetyMargin().toNanos();
    this.unavailableRetryNanos = settings.unavailableRetryAfter().toNanos();
    this.prefetchNanos = syncIntervalNanos * settings.prefetchIntervals();
    this.estimator = new DemandEstimator(settings.demand());
  }
}
