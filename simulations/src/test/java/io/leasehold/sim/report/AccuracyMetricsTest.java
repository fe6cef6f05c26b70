package io.leasehold.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leasehold.sim.LimitSpec;
import io.leasehold.sim.SystemStats;
import io.leasehold.sim.scenario.RuleLimits;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class AccuracyMetricsTest {
  private static final int SLOTS = 100; // 10 s
  private static final TrackedQuotas ONE_QUOTA =
      new TrackedQuotas(List.of(new RuleLimits("r", false, List.of(new LimitSpec(1_000, 1_000)))), 1);

  /** Limit 1000/s = 100 tokens per slot throughout, burst 1000. */
  private static LimitTimeline limit() {
    double[][] tokens = new double[1][SLOTS];
    Arrays.fill(tokens[0], 100.0);
    double[][] burst = new double[1][SLOTS];
    Arrays.fill(burst[0], 1_000.0);
    return new LimitTimeline(tokens, burst);
  }

  private static RunSeries series(long[][] demand, long[][] admitted, long[][] ideal) {
    return new RunSeries("s", SLOTS, new long[][][] {demand}, new long[][][] {admitted},
        new long[][][] {ideal}, 1_000, 500, 10, 20, 0, new Histogram(3));
  }

  private static long[][] flat(int regions, long perSlot) {
    long[][] v = new long[regions][SLOTS];
    for (long[] r : v) {
      Arrays.fill(r, perSlot);
    }
    return v;
  }

  private static SystemSummary summarize(RunSeries run, double... shifts) {
    return AccuracyMetrics.summarize(run, ONE_QUOTA, limit(), shifts, new SystemStats(2_000, 250), 4, 10, 1);
  }

  @Test
  void overAdmissionIsExactOnAKnownSeries() {
    long[][] admitted = flat(1, 100);
    admitted[0][0] = 1_100; // the initial burst is spent at once: no credit left afterwards
    admitted[0][50] = 130; // +30 tokens in every window containing slot 50: 1030/1000
    SystemSummary s = summarize(series(flat(1, 200), admitted, flat(1, 100)));
    assertThat(s.overAdmissionMaxPct()).isCloseTo(3.0, within(1e-9));
    // 91 windows, 10 of them at 3 %: p99.9 is the max, the median is 0
    assertThat(s.overAdmissionP999Pct()).isCloseTo(3.0, within(1e-9));
    assertThat(s.utilizationPct()).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void burstCreditAfterAnIdleSpellIsNotOverAdmission() {
    long[][] admitted = flat(1, 100);
    for (int s = 20; s < 40; s++) {
      admitted[0][s] = 0; // idle for 2 s: a perfect bucket refills to its burst of 1000
    }
    admitted[0][40] = 1_100; // and may then spend burst + one slot of refill at once
    SystemSummary s = summarize(series(flat(1, 2_000), admitted, flat(1, 100)));
    assertThat(s.overAdmissionMaxPct()).isZero();
    admitted[0][40] = 1_150; // 50 tokens more than any perfect bucket could have given
    assertThat(summarize(series(flat(1, 2_000), admitted, flat(1, 100))).overAdmissionMaxPct())
        .isCloseTo(5.0, within(1e-9));
  }

  @Test
  void utilisationCountsOnlySaturatedWindowsAndCapsAdmitted() {
    long[][] demand = flat(1, 200);
    long[][] admitted = flat(1, 80); // 80 % of the limit
    for (int s = 50; s < SLOTS; s++) {
      demand[0][s] = 50; // unsaturated second half: ignored
      admitted[0][s] = 50;
    }
    SystemSummary s = summarize(series(demand, admitted, flat(1, 100)));
    // windows starting at slots 0..40 hold 800 of 1000; those starting at 41..46 are still
    // saturated (≥ 4 slots of 200) and hold 770, 740, 710, 680, 650, 620; later ones are not
    assertThat(s.utilizationPct()).isCloseTo(100.0 * (41 * 800 + 4_170) / (47 * 1_000), within(1e-9));
    assertThat(s.overAdmissionMaxPct()).isZero();
  }

  @Test
  void countersBecomePercentagesAndRates() {
    SystemSummary s = summarize(series(flat(1, 0), flat(1, 0), flat(1, 0)));
    assertThat(s.falseAdmitPct()).isEqualTo(1.0);
    assertThat(s.falseRejectPct()).isEqualTo(2.0);
    assertThat(s.admittedPct()).isEqualTo(50.0);
    assertThat(s.controlMessagesPerEdgePerS()).isEqualTo(50.0); // 2000 / 4 edges / 10 s
    assertThat(s.storeOpsPerDecision()).isEqualTo(0.25);
    assertThat(s.utilizationPct()).isNaN(); // never saturated
  }

  @Test
  void convergenceIsTheTimeUntilTheGainingRegionReaches95PercentOfItsFairShare() {
    // two regions; at 5 s demand moves: region 0 from 150/slot to 20/slot, region 1 from 20 to 150
    long[][] demand = new long[2][SLOTS];
    long[][] admitted = new long[2][SLOTS];
    for (int s = 0; s < SLOTS; s++) {
      demand[0][s] = s < 50 ? 150 : 20;
      demand[1][s] = s < 50 ? 20 : 150;
      admitted[0][s] = s < 50 ? 80 : 20;
      admitted[1][s] = s < 50 ? 20 : s < 53 ? 40 : 80; // fair share after: 80/slot; reaches it in slot 53
    }
    SystemSummary s = summarize(series(demand, admitted, flat(2, 50)), 5.0);
    assertThat(s.convergenceP99Ms()).isCloseTo(400.0, within(1e-6)); // end of slot 53 = 5.4 s
  }

  @Test
  void fairSharesFillUpFromTheSmallestDemand() {
    assertThat(AccuracyMetrics.fairShares(new double[] {100, 700, 300}, 900))
        .containsExactly(100, 500, 300);
    assertThat(AccuracyMetrics.fairShares(new double[] {10, 20}, 100)).containsExactly(10, 20);
  }

  @Test
  void percentileIsNearestRank() {
    double[] values = new double[1_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i + 1;
    }
    assertThat(AccuracyMetrics.percentile(values, 99.9)).isEqualTo(999);
    assertThat(AccuracyMetrics.percentile(values, 50)).isEqualTo(500);
    assertThat(AccuracyMetrics.percentile(new double[0], 50)).isNaN();
  }
}
