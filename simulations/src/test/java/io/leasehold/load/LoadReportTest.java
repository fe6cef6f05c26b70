package io.leasehold.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.load.core.QuotaTracker;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadReportTest {
  private static final RuleSet RULES = RuleConfig.parseYaml("""
      rules:
        - id: all
          key: constant
          limits: [ { rate: 100/s, burst: 50 } ]
      """).value();
  private static final LoadStream STREAM = new LoadStream("r1", List.of("http://127.0.0.1:1"), 100, "GET", "/",
      Optional.empty(), KeyDistribution.CONSTANT);

  /** {@code perSlot} admitted requests in each 100 ms slot of a 5 s run. */
  private static LoadReport report(int perSlot, int extraInSlot20, List<RateChange> changes) {
    QuotaTracker quotas = new QuotaTracker(RULES, List.of("r1"), 1, 50);
    int[] matched = quotas.matchedRules(STREAM);
    for (int s = 0; s < 50; s++) {
      for (int i = 0; i < perSlot + (s == 20 ? extraInSlot20 : 0); i++) {
        quotas.record(0, s * 100_000_000L + i, matched, 0, true);
      }
    }
    LoadSpec spec = new LoadSpec(List.of(STREAM), Duration.ofSeconds(5), 1_000_000, Duration.ofSeconds(1), 1, 1);
    long n = quotas.admittedPerSlot(0)[0] * 50L;
    LoadResult result = new LoadResult(spec, n, n, 0, 0, 0, new Histogram(3), new long[5], quotas, Map.of(), 5);
    return new LoadReport(result, changes, 0, 1);
  }

  @Test
  void admittingAtTheLimitPlusBurstStaysWithinTheStrictBound() {
    LoadReport at = report(10, 50, List.of());
    assertThat(at.strictBoundExcessTokens()).isZero();
    assertThat(at.strictBoundMaxRatio()).isLessThanOrEqualTo(1.0);
    assertThat(at.toJson().path("admitted_per_second").path("all").get(2).asLong()).isEqualTo(150);
  }

  @Test
  void sustainedOverAdmissionBreaksTheBoundOverLongIntervals() {
    LoadReport over = report(12, 0, List.of()); // 120/s against 100/s + 50 burst: over after 2.5 s
    assertThat(over.strictBoundExcessTokens()).isEqualTo(50.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(over.strictBoundMaxRatio()).isGreaterThan(1.0);
  }

  @Test
  void aLoweredLimitIsJudgedFromItsChange() {
    LoadReport lowered = report(10, 0, List.of(new RateChange("all", 2_000_000_000L, 50, 50)));
    assertThat(lowered.strictBoundExcessTokens()).isGreaterThan(0);
    assertThat(lowered.toJson().path("limit_per_second").path("all").get(3).asLong()).isEqualTo(50);
  }
}
