package io.leasehold.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leasehold.sim.reference.CentralStoreSystem;
import io.leasehold.sim.reference.IdealSystem;
import io.leasehold.sim.reference.RegionalBucketsSystem;
import io.leasehold.sim.report.SystemSummary;
import io.leasehold.sim.scenario.Scenario;
import io.leasehold.sim.scenario.ScenarioLoader;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SimulationRunnerTest {

  private static Scenario twoRegions(int eastRps, int westRps) {
    return ScenarioLoader.parse("""
        name: two-regions
        seed: 3
        duration: 12s
        regions:
          - { name: east, edges: 4 }
          - { name: west, edges: 4 }
        network:
          inter_region: { latency: 40ms }
          intra_region: { latency: 1ms }
        rules:
          - { id: api, key: constant, limits: [ { rate: 10000/s, burst: 500 } ] }
        traffic:
          - { region: east, rule: api, rate: { shape: constant, rps: %d } }
          - { region: west, rule: api, rate: { shape: constant, rps: %d } }
        """.formatted(eastRps, westRps), "test");
  }

  private static SimulationResult run(Scenario scenario) {
    return SimulationRunner.run(scenario, SimulationOptions.defaults());
  }

  private static SystemSummary summary(SimulationResult result, String name) {
    return result.system(name).orElseThrow().summary();
  }

  @Test
  void idealNeverOverAdmitsAndUsesTheWholeLimit() {
    SystemSummary ideal = summary(run(twoRegions(15000, 15000)), IdealSystem.NAME);
    assertThat(ideal.overAdmissionMaxPct()).isEqualTo(0.0);
    assertThat(ideal.utilizationPct()).isGreaterThan(99.9);
    assertThat(ideal.falseAdmitPct()).isZero();
    assertThat(ideal.falseRejectPct()).isZero();
  }

  @Test
  void independentRegionsOverAdmitAboutTimesRegionsWhenAllAreSaturated() {
    SystemSummary independent = summary(run(twoRegions(15000, 15000)), "independent");
    // both regions admit the full 10k/s: 2 × the limit, i.e. +100 %; in the first window each
    // also spends its own burst of 500 where a single bucket has one: up to +105 %
    assertThat(independent.overAdmissionP999Pct()).isBetween(97.0, 106.0);
    assertThat(independent.falseAdmitPct()).isGreaterThan(25.0);
  }

  @Test
  void staticSplitUnderUsesSkewedDemand() {
    SimulationResult result = run(twoRegions(14000, 1000));
    SystemSummary split = summary(result, "static_split");
    // east may use 5k/s only; west needs 1k/s: 6k/s of 10k/s
    assertThat(split.utilizationPct()).isCloseTo(60.0, within(2.0));
    assertThat(split.overAdmissionMaxPct()).isEqualTo(0.0);
    assertThat(split.falseRejectPct()).isGreaterThan(20.0);
    assertThat(summary(result, IdealSystem.NAME).utilizationPct()).isGreaterThan(99.9);
  }

  @Test
  void centralStoreIsAccurateButEveryDecisionWaitsARoundTrip() {
    SystemSummary central = summary(run(twoRegions(15000, 15000)), CentralStoreSystem.NAME);
    assertThat(central.storeOpsPerDecision()).isEqualTo(1.0);
    // the west half waits 2 × 40 ms
    assertThat(central.decisionLatencyP99Ms()).isCloseTo(80.0, within(1.0));
    assertThat(central.overAdmissionP999Pct()).isLessThan(2.0);
    assertThat(central.undecided()).isZero();
  }

  @Test
  void sameSeedGivesIdenticalSummariesAndAnotherSeedDoesNot() {
    Scenario scenario = twoRegions(9000, 4000);
    List<Supplier<SimulatedSystem>> systems =
        List.of(IdealSystem::new, RegionalBucketsSystem::independent, CentralStoreSystem::new);
    SimulationOptions options = SimulationOptions.defaults().withSystems(systems);
    List<SystemSummary> first = withoutWall(SimulationRunner.run(scenario, options));
    List<SystemSummary> second = withoutWall(SimulationRunner.run(scenario, options));
    List<SystemSummary> other = withoutWall(SimulationRunner.run(scenario.withSeed(4), options));
    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  private static List<SystemSummary> withoutWall(SimulationResult result) {
    return result.summaries().stream()
        .map(s -> new SystemSummary(s.system(), s.overAdmissionMaxPct(), s.overAdmissionP999Pct(),
            s.utilizationPct(), s.convergenceP99Ms(), s.falseRejectPct(), s.falseAdmitPct(),
            s.controlMessagesPerEdgePerS(), s.storeOpsPerDecision(), 0, s.virtualSeconds(),
            s.requests(), s.admittedPct(), s.decisionLatencyP99Ms(), s.undecided()))
        .toList();
  }
}
