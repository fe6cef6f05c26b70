package io.leasehold.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasehold.load.core.QuotaTracker;
import io.leasehold.sim.SystemStats;
import io.leasehold.sim.report.AccuracyMetrics;
import io.leasehold.sim.report.JsonSummaryWriter;
import io.leasehold.sim.report.LimitTimeline;
import io.leasehold.sim.report.RunSeries;
import io.leasehold.sim.report.SystemSummary;
import io.leasehold.sim.report.TrackedQuotas;
import io.leasehold.sim.scenario.RuleLimits;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The summary of a live run: the simulator's metrics (same JSON fields, computed by the same
 * {@link AccuracyMetrics} against the configured limits), plus what only a live run has: failed
 * and late requests, latency percentiles from intended starts, admitted tokens per quota per
 * second, and the strict-mode bound ratio.
 *
 * <p>The <b>strict-mode bound</b> of a tracked quota over any interval of length T is what a token
 * bucket of its limit could ever admit in it: rate × T + burst. {@code strict_bound_max_ratio} is
 * the largest admitted ÷ bound over every interval of at least 1 s (100 ms steps) of every tracked
 * quota, {@code strict_bound_excess_tokens} the largest admitted − bound over every interval; the
 * false-reject/admit fields are null because a live run has no ideal reference to compare with.
 */
public final class LoadReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int WINDOW_SLOTS = 10;

  private final LoadResult result;
  private final LimitTimeline limits;
  private final SystemSummary summary;

  /**
   * @param changes rule changes made during the run (the limits are judged as they were at each instant)
   * @param storeOperations Redis commands executed during the run, all regions
   * @param edges sidecars that served the run
   */
  public LoadReport(LoadResult result, List<RateChange> changes, long storeOperations, int edges) {
    this.result = result;
    QuotaTracker quotas = result.quotas();
    this.limits = timeline(quotas.rules(), changes, quotas.slots());
    long[][][] demand = quotas.demandSeries();
    RunSeries run = new RunSeries("leasehold-live", quotas.slots(), demand, quotas.admittedSeries(),
        new long[demand.length][quotas.regions().size()][quotas.slots()], result.requests(), result.admitted(), 0, 0,
        result.failed(), result.latencyNanos());
    this.summary = AccuracyMetrics.summarize(run, quotas.tracked(), limits, new double[0],
        new SystemStats(0, storeOperations), edges, result.spec().duration().toNanos() / 1e9, result.wallSeconds());
  }

  static LimitTimeline timeline(List<RuleLimits> rules, List<RateChange> changes, int slots) {
    double[][] tokens = new double[rules.size()][slots];
    double[][] burst = new double[rules.size()][slots];
    for (int r = 0; r < rules.size(); r++) {
      for (int s = 0; s < slots; s++) {
        double rate = rules.get(r).primary().ratePerSecond();
        double b = rules.get(r).primary().burst();
        long slotStart = s * RunSeries.SLOT_NANOS;
        for (RateChange c : changes) {
          if (c.ruleId().equals(rules.get(r).id()) && c.offsetNanos() <= slotStart) {
            rate = c.ratePerSecond();
            b = c.burst();
          }
        }
        tokens[r][s] = rate * RunSeries.SLOT_NANOS / 1e9;
        burst[r][s] = b;
      }
    }
    return new LimitTimeline(tokens, burst);
  }

  public SystemSummary summary() {
    return summary;
  }

  /**
   * Largest admitted ÷ (rate × T + burst) over every interval of T ≥ 1 s (in 100 ms steps) of every
   * tracked quota: above 1, some interval admitted more than a token bucket of the limit ever could.
   */
  public double strictBoundMaxRatio() {
    return strictBound()[0];
  }

  /** Largest admitted − (rate × T + burst) over every interval of every tracked quota, in tokens (≥ 0). */
  public double strictBoundExcessTokens() {
    return strictBound()[1];
  }

  private double[] strictBound() {
    double maxRatio = 0;
    double maxExcess = 0;
    QuotaTracker quotas = result.quotas();
    TrackedQuotas tracked = quotas.tracked();
    for (int t = 0; t < tracked.size(); t++) {
      long[] admitted = quotas.admittedPerSlot(t);
      int rule = tracked.rule(t);
      int n = admitted.length;
      long[] admittedBefore = new long[n + 1];
      double[] tokensBefore = new double[n + 1];
      for (int s = 0; s < n; s++) {
        admittedBefore[s + 1] = admittedBefore[s] + admitted[s];
        tokensBefore[s + 1] = tokensBefore[s] + limits.tokens(rule, s);
      }
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j <= n; j++) {
          double bound = tokensBefore[j] - tokensBefore[i] + limits.burst(rule, i);
          long a = admittedBefore[j] - admittedBefore[i];
          maxExcess = Math.max(maxExcess, a - bound);
          if (j - i >= WINDOW_SLOTS) {
            maxRatio = Math.max(maxRatio, a / bound);
          }
        }
      }
    }
    return new double[] {maxRatio, maxExcess};
  }

  public double latencyMillis(double percentile) {
    Histogram h = result.latencyNanos();
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonSummaryWriter.putSystem(JSON.createObjectNode(), summary);
    o.putNull("false_reject_pct");
    o.putNull("false_admit_pct");
    o.putNull("control_messages_per_edge_per_s");
    o.put("admitted", result.admitted());
    o.put("denied", result.denied());
    o.put("failed", result.failed());
    o.put("late", result.late());
    o.put("deadline_ms", result.spec().deadline().toMillis());
    ObjectNode failures = o.putObject("failures");
    result.failures().forEach(failures::put);
    ObjectNode latency = o.putObject("latency_ms");
    for (double p : new double[] {50, 90, 99, 99.9}) {
      latency.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)), latencyMillis(p));
    }
    latency.put("max", result.latencyNanos().getMaxValue() / 1e6);
    o.put("strict_bound_max_ratio", strictBoundMaxRatio());
    o.put("strict_bound_excess_tokens", strictBoundExcessTokens());
    ObjectNode perSecond = o.putObject("admitted_per_second");
    ObjectNode limitPerSecond = o.putObject("limit_per_second");
    ObjectNode byRegion = o.putObject("admitted_per_second_by_region");
    QuotaTracker quotas = result.quotas();
    int slotsPerSecond = (int) (1_000_000_000L / RunSeries.SLOT_NANOS);
    for (int t = 0; t < quotas.tracked().size(); t++) {
      long[] slots = quotas.admittedPerSlot(t);
      if (java.util.Arrays.stream(slots).sum() == 0) {
        continue;
      }
      ArrayNode seconds = perSecond.putArray(quotas.tracked().label(t));
      ArrayNode limit = limitPerSecond.putArray(quotas.tracked().label(t));
      for (int s = 0; s < slots.length; s += slotsPerSecond) {
        long sum = 0;
        double lim = 0;
        for (int k = s; k < Math.min(slots.length, s + slotsPerSecond); k++) {
          sum += slots[k];
          lim += limits.tokens(quotas.tracked().rule(t), k);
        }
        seconds.add(sum);
        limit.add(Math.round(lim));
      }
      for (int r = 0; r < quotas.regions().size(); r++) {
        long[] regional = quotas.admittedPerSlot(t, r);
        ArrayNode regionSeconds = byRegion.putArray(quotas.tracked().label(t) + "@" + quotas.regions().get(r));
        for (int s = 0; s < regional.length; s += slotsPerSecond) {
          long sum = 0;
          for (int k = s; k < Math.min(regional.length, s + slotsPerSecond); k++) {
            sum += regional[k];
          }
          regionSeconds.add(sum);
        }
      }
    }
    ArrayNode maxLatency = o.putArray("max_latency_ms_per_second");
    for (long nanos : result.maxLatencyNanosPerSecond()) {
      maxLatency.add(Math.round(nanos / 1e5) / 10.0);
    }
    return o;
  }

  public String toJsonText() {
    try {
      return JSON.writeValueAsString(toJson());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot serialise the load summary", e);
    }
  }
}
