package io.leasehold.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.sim.engine.Rngs;
import io.leasehold.sim.scenario.Scenario;
import io.leasehold.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

  private static Scenario scenario(String arrival) {
    return ScenarioLoader.parse("""
        name: t
        duration: 10s
        regions: [ { name: a, edges: 3 }, { name: b, edges: 1 } ]
        rules:
          - { id: k, key: "header:X-User", limits: [ { rate: 10/s } ] }
        traffic:
          - { region: a, rule: k, arrival: %s, rate: { shape: constant, rps: 2500.5 }, keys: { distribution: zipf, count: 100, exponent: 1 }, cost: { min: 1, max: 3 } }
          - { region: b, rule: k, arrival: %s, rate: { shape: step, rps: 1000, steps: [ { at: 5s, rps: 0 } ] }, keys: { distribution: uniform, count: 10, offset: 500 } }
        """.formatted(arrival, arrival), "t");
  }

  @Test
  void constantArrivalsIntegrateTheRateExactlyAndStayInsideTheirTick() {
    Scenario s = scenario("constant");
    TrafficGenerator gen = new TrafficGenerator(s, new Rngs(1));
    RequestBatch batch = new RequestBatch();
    long[] perRegion = new long[2];
    long lastTime = -1;
    for (long t = 0; t < s.durationNanos(); t += gen.tickNanos()) {
      gen.fill(t, batch);
      for (int i = 0; i < batch.size(); i++) {
        int e = batch.order(i);
        perRegion[batch.region(e)]++;
        assertThat(batch.time(i)).isGreaterThanOrEqualTo(Math.max(t, lastTime)).isLessThan(t + gen.tickNanos());
        lastTime = batch.time(i);
        assertThat(batch.cost(e)).isBetween(1, 3);
        if (batch.region(e) == 1) {
          assertThat(batch.key(e)).isBetween(500L, 509L);
          assertThat(t).isLessThan(5_000_000_000L);
        } else {
          assertThat(batch.edge(e)).isBetween(0, 2);
        }
      }
    }
    assertThat(perRegion[0]).isBetween(25_004L, 25_005L);
    assertThat(perRegion[1]).isEqualTo(5_000L);
  }

  @Test
  void poissonArrivalsMatchTheRateAndRepeatForTheSameSeed() {
    Scenario s = scenario("poisson");
    long[] first = countAndKeySum(s, 1);
    assertThat(first[0]).isBetween(30_005L - 600, 30_005L + 600);
    assertThat(countAndKeySum(s, 1)).isEqualTo(first);
    assertThat(countAndKeySum(s, 2)).isNotEqualTo(first);
  }

  private static long[] countAndKeySum(Scenario s, long seed) {
    TrafficGenerator gen = new TrafficGenerator(s, new Rngs(seed));
    RequestBatch batch = new RequestBatch();
    long total = 0;
    long keySum = 0;
    for (long t = 0; t < s.durationNanos(); t += gen.tickNanos()) {
      gen.fill(t, batch);
      total += batch.size();
      for (int i = 0; i < batch.size(); i++) {
        keySum += batch.key(batch.order(i));
      }
    }
    return new long[] {total, keySum};
  }
}
