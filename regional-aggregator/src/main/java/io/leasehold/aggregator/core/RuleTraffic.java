package io.leasehold.aggregator.core;

import io.leasehold.model.alloc.DemandState;

/** Usage of one rule aggregate in this region since the last region report (sum over its keys). */
final class RuleTraffic {
  long periodConsumed;
  long periodDenied;
  DemandState demand = DemandState.INITIAL;
}
