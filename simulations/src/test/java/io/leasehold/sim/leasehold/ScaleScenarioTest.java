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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scale scenario (5 regions × 50 edges × 2 aggregator replicas, Zipf keys) in a short form:
 * the full deployment and traffic shape, cut to {@link #SHORT_FORM_NANOS} of virtual time so CI
 * stays bounded. The full hour is run by {@code simulations/scripts/scale-1h.sh}; wall time is
 * measured there, never asserted here.
 */
class ScaleScenarioTest {
  /** Long enough for every edge to sync ~150 times and for idle per-key leases to expire and come back. */
  private static final long SHORT_FORM_NANOS = 30_000_000_000L;

  private static Scenario shortForm;
  private static Run first;

  private record Run(SystemResult leasehold, SystemResult ideal, LeaseholdSystem system) {}

  @BeforeAll
  static void runOnce() throws Exception {
    shortForm = ScenarioLoader.load(Path.of("scenarios/scale-1h.yaml")).withDuration(SHORT_FORM_NANOS);
    first = run(shortForm);
  }

  private static Run run(Scenario scenario) {
    AtomicReference<LeaseholdSystem> system = new AtomicReference<>();
    SimulationOptions options = SimulationOptions.defaults().withFirst(() -> {
      LeaseholdSystem created = new LeaseholdSystem();
      system.set(created);
      return created;
    }).selecting(List.of(LeaseholdSystem.NAME, IdealSystem.NAME));
    SimulationResult result = SimulationRunner.run(scenario, options);
    return new Run(result.system(LeaseholdSystem.NAME).orElseThrow(),
        result.system(IdealSystem.NAME).orElseThrow(), system.get());
  }

  @Test
  void isTheDeploymentTheIssueAsksFor() throws Exception {
    Scenario full = ScenarioLoader.load(Path.of("scenarios/scale-1h.yaml"));
    assertThat(full.durationNanos()).isEqualTo(3_600_000_000_000L);
    assertThat(full.regionCount()).isEqualTo(5);
    assertThat(full.lanePerRegion()).as("runs a lane per region (on every core)").isTrue();
    assertThat(full.regions()).allSatisfy(r -> {
      assertThat(r.edges()).isEqualTo(50);
      assertThat(r.aggregators()).isEqualTo(2);
    });
    assertThat(full.ruleLimits()).extracting(l -> l.keyed()).containsExactlyInAnyOrder(true, false);
    assertThat(first.system().edgeCount()).isEqualTo(250);
  }

  @Test
  void everyRequestIsDecidedAndReachesItsRule() {
    RunSeries series = first.leasehold().series();
    assertThat(series.requests()).isPositive();
    assertThat(series.undecided()).isZero();
    assertThat(series.decisionLatency().getTotalCount()).isEqualTo(series.requests());
    assertThat(first.system().unmatchedRequests()).isZero();
  }

  @Test
  void decisionsAddUpAgainstTheIdealsOnTheSameTraffic() {
    RunSeries leasehold = first.leasehold().series();
    RunSeries ideal = first.ideal().series();
    assertThat(leasehold.requests()).isEqualTo(ideal.requests());
    assertThat(leasehold.admittedRequests()).isBetween(0L, leasehold.requests());
    // admitted = both admitted + false admits; the ideal's admitted = both admitted + false rejects
    assertThat(leasehold.admittedRequests() - leasehold.falseAdmits() + leasehold.falseRejects())
        .isEqualTo(ideal.admittedRequests());
    assertThat(ideal.falseAdmits()).isZero();
    assertThat(ideal.falseRejects()).isZero();
  }

  @Test
  void everyEdgeSyncsAndEveryRegionsStoreIsUsed() {
    LeaseholdSystem system = first.system();
    for (int region = 0; region < shortForm.regionCount(); region++) {
      for (int edge = 0; edge < shortForm.regions().get(region).edges(); edge++) {
        assertThat(system.edge(region, edge).rounds()).as("sync rounds of edge %d of region %d", edge, region)
            .isGreaterThanOrEqualTo(SHORT_FORM_NANOS / shortForm.sync().edgeIntervalNanos() / 2);
      }
    }
    assertThat(first.leasehold().stats().storeOperations()).isPositive();
    assertThat(first.leasehold().stats().controlMessages()).isPositive();
  }

  @Test
  void sameSeedSameRun() {
    Run second = run(shortForm);
    RunSeries a = first.leasehold().series();
    RunSeries b = second.leasehold().series();
    assertThat(b.requests()).isEqualTo(a.requests());
    assertThat(b.admittedRequests()).isEqualTo(a.admittedRequests());
    assertThat(b.falseAdmits()).isEqualTo(a.falseAdmits());
    assertThat(b.falseRejects()).isEqualTo(a.falseRejects());
    assertThat(b.admitted()).isEqualTo(a.admitted());
    assertThat(second.leasehold().stats()).isEqualTo(first.leasehold().stats());
    assertThat(second.leasehold().events()).isEqualTo(first.leasehold().events());
  }
}
