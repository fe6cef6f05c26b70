package io.leasehold.sim.leasehold;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.sim.SimulationOptions;
import io.leasehold.sim.SimulationResult;
import io.leasehold.sim.SimulationRunner;
import io.leasehold.sim.SystemResult;
import io.leasehold.sim.reference.IdealSystem;
import io.leasehold.sim.report.RunSeries;
import io.leasehold.sim.scenario.Scenario;
import io.leasehold.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Leasehold with a lane per region ({@code lanes: per-region}): the run must not depend on how
 * many threads carry the lanes, must decide every request, and must stay close to the single-lane
 * run of the same seed (only network delays are drawn differently).
 */
class LanedRunTest {
  private static SystemResult[] run(Scenario scenario, int threads) {
    SimulationOptions options = SimulationOptions.defaults().withFirst(LeaseholdSystem::new)
        .selecting(List.of(LeaseholdSystem.NAME, IdealSystem.NAME)).withThreads(threads);
    SimulationResult result = SimulationRunner.run(scenario, options);
    return new SystemResult[] {result.system(LeaseholdSystem.NAME).orElseThrow(),
        result.system(IdealSystem.NAME).orElseThrow()};
  }

  private static void assertSameRun(SystemResult a, SystemResult b) {
    RunSeries x = a.series();
    RunSeries y = b.series();
    assertThat(y.requests()).isEqualTo(x.requests());
    assertThat(y.admittedRequests()).isEqualTo(x.admittedRequests());
    assertThat(y.falseAdmits()).isEqualTo(x.falseAdmits());
    assertThat(y.falseRejects()).isEqualTo(x.falseRejects());
    assertThat(y.admitted()).isEqualTo(x.admitted());
    assertThat(b.stats()).isEqualTo(a.stats());
    assertThat(b.events()).isEqualTo(a.events());
  }

  @Test
  void theScaleRunGivesTheSameResultOnOneThreadOrTwo() throws Exception {
    Scenario laned = ScenarioLoader.load(Path.of("scenarios/scale-1h.yaml"))
        .withDuration(12_000_000_000L).withLanePerRegion(true);
    SystemResult[] one = run(laned, 1);
    SystemResult[] two = run(laned, 2);
    assertSameRun(one[0], two[0]);

    RunSeries series = one[0].series();
    assertThat(series.undecided()).isZero();
    assertThat(series.requests()).isEqualTo(one[1].series().requests());
    assertThat(series.admittedRequests() - series.falseAdmits() + series.falseRejects())
        .isEqualTo(one[1].series().admittedRequests());

    SystemResult single = run(laned.withLanePerRegion(false), 1)[0];
    assertThat(single.series().requests()).isEqualTo(series.requests()); // same traffic
    assertThat((double) series.admittedRequests())
        .isCloseTo(single.series().admittedRequests(), org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(one[0].summary().overAdmissionMaxPct()).isZero();
  }

  @Test
  void faultsApplyBetweenWindowsTheSameWayOnAnyThreadCount() throws Exception {
    Scenario faults = ScenarioLoader.load(Path.of("scenarios/coordinator-failover.yaml")).withLanePerRegion(true);
    SystemResult[] one = run(faults, 1);
    SystemResult[] two = run(faults, 2);
    assertSameRun(one[0], two[0]);
    assertThat(one[0].series().undecided()).isZero();
    assertThat(one[0].summary().overAdmissionMaxPct()).isZero();
    assertThat(one[0].summary().utilizationPct()).isGreaterThan(97.0);
  }

  @Test
  void theIdealDecidesAsInOneLoopAcrossRuleChanges() throws Exception {
    // The next window's requests are drawn (and decided by the ideal) while a window runs, except
    // when a fault at its end changes the rules: then only after the ideal has them.
    Scenario changes = ScenarioLoader.load(Path.of("scenarios/rule-change.yaml"));
    RunSeries laned = run(changes.withLanePerRegion(true), 2)[0].series();
    RunSeries single = run(changes, 1)[0].series();
    assertThat(java.util.Arrays.deepEquals(laned.demand(), single.demand())).as("same traffic").isTrue();
    assertThat(java.util.Arrays.deepEquals(laned.idealAdmitted(), single.idealAdmitted()))
        .as("the ideal's admissions per slot").isTrue();
    assertThat(laned.undecided()).isZero();
  }
}
