package io.leasehold.aggregator.core;

import io.leasehold.model.alloc.DemandState;

/** Usage of one rule aggregate in this region since the last region report (sum over its keys). */
final class RuleTraffic {
  /** When an edge first reported the rule to this leaser. */
  final long firstSeenNanos;
  /** Whether a region report has carried the rule yet. */
  boolean reported;
  long periodConsumed;
  long periodDenied;
  DemandState demand = DemandState.INITIAL;

  RuleTraffic(long firstSeenNanos) {
    this.firstSeenNanos = firstSeenNanos;
  }
}
