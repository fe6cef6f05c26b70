package io.leasehold.sim.leasehold;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.sim.SimulationOptions;
import io.leasehold.sim.SimulationResult;
import io.leasehold.sim.SimulationRunner;
import io.leasehold.sim.report.SystemSummary;
import io.leasehold.sim.scenario.Scenario;
import io.leasehold.sim.scenario.ScenarioLoader;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LeaseholdSystemTest {

  private static Scenario twoRegions(String extra) {
    return ScenarioLoader.parse("""
        name: two-regions
        seed: 7
        duration: 8s
        regions:
          - { name: east, edges: 4, aggregators: 2 }
          - { name: west, edges: 3, aggregators: 2 }
        sync: { edge_interval: 200ms, region_interval: 1s, jitter: 10%% }
        network:
          intra_region: { latency: 0.5ms, jitter: 0.2ms }
          inter_region: { latency: 40ms, jitter: 2ms }
          request_timeout: 500ms
        rules:
          - id: search
            match: { path: "/api/search", methods: [GET] }
            key: constant
            scope: global
            limits: [ { rate: 10000/s } ]
          - id: per-key
            match: { path: "/api/**" }
            key: header:X-Api-Key
            scope: global
            limits: [ { rate: 50/s, burst: 100 } ]
        traffic:
          - { region: east, rule: search, rate: { shape: constant, rps: 9000 } }
          - { region: west, rule: search, rate: { shape: constant, rps: 4000 } }
          - region: east
            rule: per-key
            rate: { shape: constant, rps: 400 }
            keys: { distribution: zipf, count: 1000, exponent: 1.1 }
        %s
        """.formatted(extra), "test");
  }

  private static SystemSummary run(Scenario scenario, AtomicReference<LeaseholdSystem> system, boolean viaJson) {
    SimulationResult result = SimulationRunner.run(scenario, SimulationOptions.defaults().withSystems(List.of(() -> {
      LeaseholdSystem created = new LeaseholdSystem(viaJson);
      system.set(created);
      return created;
    })));
    return result.system(LeaseholdSystem.NAME).orElseThrow().summary();
  }

  @Test
  void staysWithinTheLimitAndUsesMostOfIt() {
    AtomicReference<LeaseholdSystem> system = new AtomicReference<>();
    SystemSummary leasehold = run(twoRegions(""), system, false);

    assertThat(system.get().unmatchedRequests()).isZero(); // every request reached its rule's quota
    assertThat(leasehold.undecided()).isZero();
    assertThat(leasehold.overAdmissionMaxPct()).isLessThanOrEqualTo(3.0);
    // A floor against regressions, not the 98 % target: the regions' first grants wait for their
    // first report (about 1 s of an 8 s run), and in steady state the production cores use about
    // 90 % (simulations/README.md, "Where Leasehold misses its targets").
    assertThat(leasehold.utilizationPct()).isGreaterThan(70.0);
    assertThat(leasehold.storeOpsPerDecision()).isLessThan(1.0);
    assertThat(leasehold.controlMessagesPerEdgePerS()).isGreaterThan(0.0);
  }

  @Test
  void sameSeedSameResult() {
    Scenario scenario = twoRegions("").withDuration(3_000_000_000L);
    SystemSummary first = run(scenario, new AtomicReference<>(), false);
    SystemSummary second = run(scenario, new AtomicReference<>(), false);
    assertThat(withoutWallTime(second)).isEqualTo(withoutWallTime(first));
  }

  @Test
  void messagesRoundTrippedThroughTheJsonCodecChangeNothing() {
    Scenario scenario = twoRegions("").withDuration(3_000_000_000L);
    SystemSummary inMemory = run(scenario, new AtomicReference<>(), false);
    SystemSummary viaJson = run(scenario, new AtomicReference<>(), true);
    assertThat(withoutWallTime(viaJson)).isEqualTo(withoutWallTime(inMemory));
  }

  @Test
  void aPartitionedRegionKeepsTheGlobalLimitWithinTheStrictModeBound() {
    Scenario scenario = twoRegions("""
        faults:
          - { type: region_partition, region: west, from: coordinator, at: 3s, until: 6s }
          - { type: redis_outage, region: east, at: 4s, until: 5s }
        """);
    SystemSummary leasehold = run(scenario, new AtomicReference<>(), false);
    assertThat(leasehold.overAdmissionMaxPct()).isLessThanOrEqualTo(3.0);
    assertThat(leasehold.undecided()).isZero();
  }

  @Test
  void aRuleChangeReachesEveryEdgeThroughTheSyncs() {
    AtomicReference<LeaseholdSystem> system = new AtomicReference<>();
    Scenario scenario = twoRegions("""
        faults:
          - type: rule_change
            at: 3s
            rules:
              - id: search
                match: { path: "/api/search", methods: [GET] }
                key: constant
                scope: global
                limits: [ { rate: 5000/s } ]
              - id: per-key
                match: { path: "/api/**" }
                key: header:X-Api-Key
                scope: global
                limits: [ { rate: 50/s, burst: 100 } ]
        """).withDuration(6_000_000_000L);
    run(scenario, system, false);

    List<Long> delays = system.get().configPropagationNanos();
    assertThat(delays).hasSize(system.get().edgeCount());
    // region sync (≤ 1 s + jitter) then edge sync (≤ 200 ms + jitter), plus the links
    assertThat(delays).allSatisfy(nanos -> assertThat(nanos).isLessThan(1_500_000_000L));
  }

  private static SystemSummary withoutWallTime(SystemSummary s) {
    return new SystemSummary(s.system(), s.overAdmissionMaxPct(), s.overAdmissionP999Pct(), s.utilizationPct(),
        s.convergenceP99Ms(), s.falseRejectPct(), s.falseAdmitPct(), s.controlMessagesPerEdgePerS(),
        s.storeOpsPerDecision(), 0, s.virtualSeconds(), s.requests(), s.admittedPct(), s.decisionLatencyP99Ms(),
        s.undecided());
  }
}
