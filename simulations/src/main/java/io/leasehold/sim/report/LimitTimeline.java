package io.leasehold.sim.report;

import io.leasehold.sim.scenario.Fault;
import io.leasehold.sim.scenario.RuleLimits;
import io.leasehold.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The primary limit of each rule over time: tokens allowed per 100 ms slot (rate × slot length,
 * time-weighted across a rule change inside a slot) and the burst in effect at the slot's start.
 */
public final class LimitTimeline {
  private final double[][] tokensPerSlot; // [rule][slot]
  private final double[][] burst; // [rule][slot]

  public LimitTimeline(double[][] tokensPerSlot, double[][] burst) {
    this.tokensPerSlot = tokensPerSlot;
    this.burst = burst;
  }

  public static LimitTimeline of(Scenario scenario, int slots) {
    List<Long> times = new ArrayList<>();
    List<List<RuleLimits>> versions = new ArrayList<>();
    times.add(0L);
    versions.add(scenario.ruleLimits());
    scenario.faults().stream()
        .filter(f -> f instanceof Fault.RuleChange)
        .map(f -> (Fault.RuleChange) f)
        .sorted((a, b) -> Long.compare(a.atNanos(), b.atNanos()))
        .forEach(c -> {
          times.add(c.atNanos());
          versions.add(c.ruleLimits());
        });
    int rules = scenario.ruleLimits().size();
    double[][] tokens = new double[rules][slots];
    double[][] burst = new double[rules][slots];
    for (int s = 0; s < slots; s++) {
      long start = s * RunSeries.SLOT_NANOS;
      long end = start + RunSeries.SLOT_NANOS;
      for (int v = 0; v < times.size(); v++) {
        long from = Math.max(start, times.get(v));
        long to = Math.min(end, v + 1 < times.size() ? times.get(v + 1) : Long.MAX_VALUE);
        if (start >= times.get(v)) {
          for (int r = 0; r < rules; r++) {
            burst[r][s] = versions.get(v).get(r).primary().burst();
          }
        }
        if (to <= from) {
          continue;
        }
        for (int r = 0; r < rules; r++) {
          tokens[r][s] += versions.get(v).get(r).primary().ratePerSecond() * (to - from) / 1e9;
        }
      }
    }
    return new LimitTimeline(tokens, burst);
  }

  public double burst(int rule, int slot) {
    return burst[rule][slot];
  }

  public double tokens(int rule, int slot) {
    return tokensPerSlot[rule][slot];
  }

  /** Limit rate (tokens/s) in a slot. */
  public double rate(int rule, int slot) {
    return tokensPerSlot[rule][slot] * 1e9 / RunSeries.SLOT_NANOS;
  }
}
