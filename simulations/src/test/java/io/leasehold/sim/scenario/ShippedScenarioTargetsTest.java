package io.leasehold.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.sim.SimulationOptions;
import io.leasehold.sim.SimulationResult;
import io.leasehold.sim.SimulationRunner;
import io.leasehold.sim.leasehold.LeaseholdSystem;
import io.leasehold.sim.report.SystemSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario, in a short form that still contains its demand shifts and faults, run
 * through the real cores and held to the accuracy targets of DESIGN.md §7: over-admission ≤ 1 %
 * at p99.9 and never > 3 %, utilisation ≥ 98 % while demand ≥ limit, convergence ≤ 3 s, and no
 * request left undecided — or, where a scenario does not meet a target yet, its documented known
 * gap. The full-length figures are in simulations/README.md.
 */
class ShippedScenarioTargetsTest {
  static final double OVER_P999_PCT = 1.0;
  static final double OVER_MAX_PCT = 3.0;
  static final double UTILISATION_PCT = 98.0;
  static final double CONVERGENCE_MS = 3_000;

  /**
   * Scenario, the seconds of it that CI runs (covering every shift and fault it has), and the
   * bounds it is held to: DESIGN.md's targets. Where a scenario does not meet one, the known gap is
   * explicit here ({@link Bounds#utilisationGap}, {@link Bounds#overAdmissionGap}) and in
   * simulations/README.md ("DESIGN §7 targets"), with the measured value as a regression floor, so
   * that it can only get better; since session 14 (2026-11-24) none has one.
   */
  static Stream<Arguments> scenarios() {
    return Stream.of(
        meets("steady-skewed", 60), // the whole minute: 15 s of it are mostly its cold start (96.8 %)
        meets("follow-the-sun", 60), // the whole minute (98.1 %; its first 45 s fall short)
        meets("flash-crowd", 50), // the whole scenario (98.6 %): a 25 s cut ends mid-crowd, below 98
        meets("hot-key", 10),
        meets("region-partition", 30),
        meets("regional-faults", 60), // the whole minute (98.5 %): its first 30 s end in a fault's recovery (97.8)
        meets("coordinator-failover", 35),
        meets("rule-change", 60), // the whole minute (98.1 %): both changes and the cold start
        meets("key-flood", 20),
        // Default starter allowances, capped by the aggregators to the fleet (8 tokens of a new key's
        // regional bucket over 25 edges: 0, so unseen keys wait): over-admission met (was 1 210 %);
        // thin_share: hold meets utilisation (99.9 %; 94.8 % over the full run without it)
        meets("million-keys", 5),
        // the same with unseen_key: wait
        meets("million-keys-wait", 5))
        .map(Bounds::arguments);
  }

  record Bounds(String name, int seconds, double minUtilisation, double maxOverP999, double maxOver) {
    Bounds utilisationGap(double floor) {
      return new Bounds(name, seconds, floor, maxOverP999, maxOver);
    }

    Bounds overAdmissionGap(double ceiling) {
      return new Bounds(name, seconds, minUtilisation, ceiling, ceiling);
    }

    boolean meetsDesign() {
      return minUtilisation >= UTILISATION_PCT && maxOverP999 <= OVER_P999_PCT && maxOver <= OVER_MAX_PCT;
    }

    Arguments arguments() {
      return Arguments.of(name, seconds, this);
    }

    @Override
    public String toString() {
      return meetsDesign() ? "DESIGN targets" : "known gap: util ≥ " + minUtilisation + " %, over ≤ " + maxOver + " %";
    }
  }

  static Bounds meets(String name, int seconds) {
    return new Bounds(name, seconds, UTILISATION_PCT, OVER_P999_PCT, OVER_MAX_PCT);
  }

  @ParameterizedTest(name = "{0} ({1} s): {2}")
  @MethodSource("scenarios")
  void holdsItsBounds(String name, int seconds, Bounds bounds) throws Exception {
    Scenario scenario = ScenarioLoader.load(Path.of("scenarios", name + ".yaml"))
        .withDuration(seconds * 1_000_000_000L);
    SimulationResult result = SimulationRunner.run(scenario,
        SimulationOptions.defaults().withSystems(List.of(LeaseholdSystem::new)));
    SystemSummary leasehold = result.system("leasehold").orElseThrow().summary();
    System.out.printf("%s (%d s): over max %.2f %%, p99.9 %.2f %%, util %.1f %%, convergence p99 %.0f ms%n",
        name, seconds, leasehold.overAdmissionMaxPct(), leasehold.overAdmissionP999Pct(),
        leasehold.utilizationPct(), leasehold.convergenceP99Ms());

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(leasehold.undecided()).as("undecided requests").isZero();
    soft.assertThat(leasehold.overAdmissionP999Pct()).as("over-admission p99.9 %").isLessThanOrEqualTo(bounds.maxOverP999());
    soft.assertThat(leasehold.overAdmissionMaxPct()).as("over-admission max %").isLessThanOrEqualTo(bounds.maxOver());
    if (!Double.isNaN(leasehold.utilizationPct())) {
      soft.assertThat(leasehold.utilizationPct()).as("utilisation %").isGreaterThanOrEqualTo(bounds.minUtilisation());
    }
    if (!Double.isNaN(leasehold.convergenceP99Ms())) {
      soft.assertThat(leasehold.convergenceP99Ms()).as("convergence p99 ms").isLessThanOrEqualTo(CONVERGENCE_MS);
    }
    soft.assertAll();
    assertThat(leasehold.requests()).as("requests").isPositive();
  }
}
