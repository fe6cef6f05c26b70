package io.leasehold.sim;

import io.leasehold.sim.report.RunSeries;
import io.leasehold.sim.report.SystemSummary;

/** One system's run: its metrics, its raw series (for charts) and its cost counters. */
public record SystemResult(SystemSummary summary, RunSeries series, SystemStats stats, long events) {
  public String name() {
    return summary.system();
  }
}
