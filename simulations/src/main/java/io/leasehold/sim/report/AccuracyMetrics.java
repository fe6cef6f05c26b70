package io.leasehold.sim.report;

import io.leasehold.sim.SystemStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes the accuracy metrics from recorded series. All window metrics use sliding 1 s windows
 * (10 slots of 100 ms) stepped by 100 ms, per tracked quota, summed over regions. A window counts
 * only when it is <em>saturated</em>: the quota's demand in it is at least its limit — the only
 * windows where a limiter has anything to get right.
 *
 * <ul>
 *   <li>A window's <b>limit</b> is the limit rate integrated over the window. Its <b>allowance</b>
 *       adds the burst credit a perfect token bucket could hold at the window's start given what
 *       the system itself admitted before: a shadow bucket (rate and burst of the rule) is drained
 *       by the system's admitted tokens slot by slot, never below zero. So a full bucket spending
 *       its burst after an idle spell is not over-admission, and neither is a correct limiter
 *       whose decisions are merely shifted in time (a remote store); in steady saturation the
 *       credit is zero and the allowance is exactly the limit.
 *   <li><b>over-admission</b> of a window = max(0, admitted − allowance) ÷ limit in %; max and
 *       p99.9 (nearest rank) over all saturated windows of all tracked quotas.
 *   <li><b>utilisation</b> = Σ min(admitted, limit) ÷ Σ limit over saturated windows, in % (since
 *       demand ≥ limit there, min(demand, limit) = limit; capping admitted keeps over-admission in
 *       one window from hiding under-use in another).
 *   <li><b>convergence</b>: see {@link #convergenceSamplesMs}.
 * </ul>
 */
public final class AccuracyMetrics {
  static final int WINDOW_SLOTS = 10;
  /** A region gains at a shift when its fair share rises by more than this fraction of the limit. */
  static final double GAIN_THRESHOLD = 0.05;
  static final double CONVERGED_FRACTION = 0.95;

  private AccuracyMetrics() {}

  public static SystemSummary summarize(
      RunSeries run,
      TrackedQuotas tracked,
      LimitTimeline limits,
      double[] shiftSeconds,
      SystemStats stats,
      int totalEdges,
      double virtualSeconds,
      double wallSeconds) {
    List<Double> overs = new ArrayList<>();
    double[] utilisation = new double[2];
    for (int t = 0; t < tracked.size(); t++) {
      windows(run, t, tracked.rule(t), limits, overs, utilisation);
    }
    double[] over = overs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] convergence = convergenceSamplesMs(run, tracked, limits, shiftSeconds).stream()
        .mapToDouble(Double::doubleValue).sorted().toArray();
    long decided = run.requests() - run.undecided();
    return new SystemSummary(
        run.system(),
        over.length == 0 ? Double.NaN : over[over.length - 1],
        percentile(over, 99.9),
        utilisation[1] == 0 ? Double.NaN : 100.0 * utilisation[0] / utilisation[1],
        percentile(convergence, 99),
        pct(run.falseRejects(), run.requests()),
        pct(run.falseAdmits(), run.requests()),
        totalEdges == 0 || virtualSeconds == 0 ? 0 : stats.controlMessages() / (double) totalEdges / virtualSeconds,
        decided == 0 ? 0 : stats.storeOperations() / (double) decided,
        wallSeconds,
        virtualSeconds,
        run.requests(),
        pct(run.admittedRequests(), run.requests()),
        run.decisionLatency().getTotalCount() == 0
            ? 0 : run.decisionLatency().getValueAtPercentile(99) / 1e6,
        run.undecided());
  }

  /** Adds the over-admission % of every saturated window; accumulates utilisation numerator/denominator. */
  static void windows(RunSeries run, int t, int rule, LimitTimeline limits, List<Double> overs, double[] util) {
    long[] demand = sumRegions(run.demand()[t]);
    long[] admitted = sumRegions(run.admitted()[t]);
    double[] credit = new double[run.slots() + 1]; // shadow bucket at each slot start
    credit[0] = limits.burst(rule, 0);
    for (int s = 0; s < run.slots(); s++) {
      double allowed = Math.min(credit[s], limits.burst(rule, s)) + limits.tokens(rule, s);
      credit[s + 1] = Math.min(limits.burst(rule, s), Math.max(0.0, allowed - admitted[s]));
    }
    for (int start = 0; start + WINDOW_SLOTS <= run.slots(); start++) {
      double limit = 0;
      long d = 0;
      long a = 0;
      for (int s = start; s < start + WINDOW_SLOTS; s++) {
        limit += limits.tokens(rule, s);
        d += demand[s];
        a += admitted[s];
      }
      if (limit <= 0 || d < limit) {
        continue;
      }
      double allowance = limit + Math.min(credit[start], limits.burst(rule, start));
      overs.add(Math.max(0.0, a - allowance) / limit * 100.0);
      util[0] += Math.min(a, limit);
      util[1] += limit;
    }
  }

  /**
   * Convergence after each demand shift at time T (from the traffic shapes and rule changes): per
   * tracked quota, each region's max-min fair share of the limit is computed from the regions'
   * demand in [T − 1 s, T) and in [T, T + 1 s). A region <em>gains</em> when its share rises by more
   * than 5 % of the limit; its convergence time is the end of the first 100 ms slot from the one
   * containing T in which its admitted rate reaches 95 % of the new share, minus T. A region that
   * never gets there before the next shift (or the end) counts the whole span (censored).
   */
  static List<Double> convergenceSamplesMs(
      RunSeries run, TrackedQuotas tracked, LimitTimeline limits, double[] shiftSeconds) {
    List<Double> samples = new ArrayList<>();
    double[] shifts = Arrays.stream(shiftSeconds).sorted().distinct().toArray();
    double slotSeconds = RunSeries.SLOT_NANOS / 1e9;
    double runSeconds = run.slots() * slotSeconds;
    for (int k = 0; k < shifts.length; k++) {
      double shift = shifts[k];
      double horizon = k + 1 < shifts.length ? shifts[k + 1] : runSeconds;
      int shiftSlot = (int) Math.floor(shift / slotSeconds);
      if (shiftSlot < WINDOW_SLOTS || shiftSlot + WINDOW_SLOTS > run.slots()) {
        continue; // not enough history or future to judge the shift
      }
      for (int t = 0; t < tracked.size(); t++) {
        int rule = tracked.rule(t);
        long[][] demand = run.demand()[t];
        int regions = demand.length;
        double[] before = new double[regions];
        double[] after = new double[regions];
        for (int r = 0; r < regions; r++) {
          for (int s = 0; s < WINDOW_SLOTS; s++) {
            before[r] += demand[r][shiftSlot - WINDOW_SLOTS + s];
            after[r] += demand[r][shiftSlot + s];
          }
        }
        double limitBefore = limits.rate(rule, shiftSlot - 1);
        double limitAfter = limits.rate(rule, shiftSlot);
        double[] fairBefore = fairShares(before, limitBefore);
        double[] fairAfter = fairShares(after, limitAfter);
        for (int r = 0; r < regions; r++) {
          if (fairAfter[r] - fairBefore[r] <= GAIN_THRESHOLD * limitAfter) {
            continue;
          }
          double target = CONVERGED_FRACTION * fairAfter[r] * slotSeconds; // tokens per slot
          double converged = horizon - shift;
          for (int s = shiftSlot; s < run.slots() && s * slotSeconds < horizon; s++) {
            if (run.admitted()[t][r][s] >= target) {
              converged = Math.max(0, (s + 1) * slotSeconds - shift);
              break;
            }
          }
          samples.add(converged * 1000.0);
        }
      }
    }
    return samples;
  }

  /** Max-min fair (water-filling) split of {@code capacity} over demands (same unit, e.g. tokens/s). */
  public static double[] fairShares(double[] demand, double capacity) {
    int n = demand.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(demand[a], demand[b]));
    double[] share = new double[n];
    double remaining = capacity;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      share[i] = Math.max(0, Math.min(demand[i], remaining / (n - k)));
      remaining -= share[i];
    }
    return share;
  }

  /** Nearest-rank percentile of sorted values; NaN when empty. */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length - 1e-9); // no rounding up of exact ranks
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  private static long[] sumRegions(long[][] perRegion) {
    long[] total = new long[perRegion[0].length];
    for (long[] region : perRegion) {
      for (int s = 0; s < total.length; s++) {
        total[s] += region[s];
      }
    }
    return total;
  }

  private static double pct(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }
}
