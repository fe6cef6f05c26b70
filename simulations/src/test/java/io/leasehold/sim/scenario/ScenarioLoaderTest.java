package io.leasehold.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leasehold.sim.traffic.RateShape;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
  private static final String VALID = """
      name: ok
      seed: 9
      duration: 30s
      regions:
        - { name: us, edges: 4, aggregators: 2 }
        - { name: eu, edges: 2 }
      coordinator: eu
      sync: { edge_interval: 250ms, region_interval: 1s, jitter: 20% }
      network:
        intra_region: { latency: 1ms }
        inter_region: { latency: 70ms, jitter: 5ms, loss: 0.01 }
        links: [ { between: [us, eu], latency: 40ms } ]
        request_timeout: 200ms
      rules:
        - { id: agg, key: constant, limits: [ { rate: 6000/m } ] }
        - { id: per, key: header:X-Key, match: { path: "/x" }, limits: [ { rate: 10/s, burst: 30 }, { rate: 100/h } ] }
      traffic:
        - { region: us, rule: agg, rate: { shape: ramp, from: 0, to: 100, start: 1s, end: 2s } }
        - { region: eu, rule: per, rate: { shape: constant, rps: 5 }, keys: { distribution: zipf, count: 1000, exponent: 1.1 }, cost: 2 }
      faults:
        - { type: region_partition, region: us, from: redis, at: 5s, until: 10s }
        - { type: rule_change, at: 20s, rules: [ { id: agg, key: constant, limits: [ { rate: 50/s } ] }, { id: per, key: "header:X-User", limits: [ { rate: 1/s } ] } ] }
      """;

  @Test
  void readsEveryPart() {
    Scenario s = ScenarioLoader.parse(VALID, "valid");
    assertThat(s.seed()).isEqualTo(9);
    assertThat(s.durationNanos()).isEqualTo(30_000_000_000L);
    assertThat(s.coordinatorRegion()).isEqualTo(1);
    assertThat(s.sync().jitter()).isEqualTo(0.2);
    assertThat(s.links()[0][1].latencyNanos()).isEqualTo(40_000_000L);
    assertThat(s.links()[0][0].latencyNanos()).isEqualTo(1_000_000L);
    assertThat(s.requestTimeoutNanos()).isEqualTo(200_000_000L);
    assertThat(s.ruleLimits().get(0).primary().ratePerSecond()).isEqualTo(100.0);
    assertThat(s.ruleLimits().get(0).primary().burst()).isEqualTo(6000.0);
    assertThat(s.ruleLimits().get(1).keyed()).isTrue();
    assertThat(s.ruleLimits().get(1).limits()).hasSize(2);
    assertThat(s.traffic().get(0).shape()).isInstanceOf(RateShape.Ramp.class);
    assertThat(s.traffic().get(1).costMin()).isEqualTo(2);
    assertThat(s.faults()).hasSize(2);
    assertThat(((Fault.RuleChange) s.faults().get(1)).ruleLimits().get(0).primary().ratePerSecond()).isEqualTo(50.0);
    assertThat(s.rules().get(1).get("match").get("path").asText()).isEqualTo("/x"); // opaque subtree kept
  }

  @Test
  void reportsEveryProblemWithPathValueAndReason() {
    String bad = VALID
        .replace("duration: 30s", "duration: 30")
        .replace("exponent: 1.1", "exponent: -1")
        .replace("{ region: us, rule: agg,", "{ region: mars, rule: agg,")
        .replace("edges: 2 }", "edges: 2, edgez: 3 }")
        .replace("rate: 10/s,", "rate: 10/fortnight,")
        .replace("type: region_partition", "type: meteor");
    ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.parse(bad, "bad.yaml"), ScenarioException.class);
    assertThat(e.problems()).extracting(Problem::path).contains(
        "duration", "traffic[1].keys.exponent", "traffic[0].region", "regions[1].edgez",
        "rules[1].limits[0].rate", "faults[0].type");
    assertThat(e.problems()).filteredOn(p -> p.path().equals("traffic[0].region")).first()
        .satisfies(p -> {
          assertThat(p.value()).isEqualTo("\"mars\"");
          assertThat(p.reason()).contains("unknown region").contains("[us, eu]");
        });
    assertThat(e.getMessage()).startsWith("bad.yaml: invalid scenario").contains("duration: 30 — must be a duration with a unit");
  }

  @Test
  void rejectsDuplicateKeysAndSyntaxErrorsWithALocation() {
    ScenarioException dup = catchThrowableOfType(
        () -> ScenarioLoader.parse("name: a\nname: b\n", "dup"), ScenarioException.class);
    assertThat(dup.problems().get(0).path()).startsWith("line 2");
    assertThat(dup.problems().get(0).reason()).contains("Duplicate field 'name'");
    ScenarioException syntax = catchThrowableOfType(
        () -> ScenarioLoader.parse("name: [unclosed\n", "syntax"), ScenarioException.class);
    assertThat(syntax.problems().get(0).path()).startsWith("line");
  }

  @Test
  void lanesAreSingleUnlessPerRegionIsAskedFor() {
    assertThat(ScenarioLoader.parse(VALID, "valid").lanePerRegion()).isFalse();
    assertThat(ScenarioLoader.parse(VALID + "lanes: per-region\n", "laned").lanePerRegion()).isTrue();
    ScenarioException e = catchThrowableOfType(
        () -> ScenarioLoader.parse(VALID + "lanes: many\n", "bad"), ScenarioException.class);
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("lanes");
      assertThat(p.reason()).contains("single or per-region");
    });
  }

  @Test
  void requiresTheEssentials() {
    ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.parse("seed: 1\n", "empty"), ScenarioException.class);
    assertThat(e.problems()).extracting(Problem::path)
        .contains("name", "duration", "regions", "rules", "traffic");
  }

  @Test
  void ruleChangeMustKeepTheRuleIds() {
    String changed = VALID.replace("rules: [ { id: agg, key: constant", "rules: [ { id: other, key: constant");
    ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.parse(changed, "rc"), ScenarioException.class);
    assertThat(e.problems()).extracting(Problem::path).containsExactly("faults[1].rules");
  }
}
