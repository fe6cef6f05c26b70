package io.leasehold.sim.leasehold.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.sim.SimulationOptions;
import io.leasehold.sim.SimulationRunner;
import io.leasehold.sim.SystemResult;
import io.leasehold.sim.leasehold.LeaseholdSystem;
import io.leasehold.sim.leasehold.RegionStores;
import io.leasehold.sim.scenario.RegionSpec;
import io.leasehold.sim.scenario.Scenario;
import io.leasehold.sim.scenario.ScenarioLoader;
import io.leasehold.testsupport.RedisServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code simulate --redis} takes exactly the decisions of the in-memory run: the production Redis
 * store in caller (virtual) time on a real redis-server per region, against the in-memory store,
 * on a short scenario with per-key and aggregate quotas, a rule change, a Redis outage and a cut
 * from Redis (network faults of the store node, as before). Determinism makes every count equal;
 * a difference would be a semantic difference between {@code InMemoryQuotaStore} and the Lua
 * function.
 */
class RedisStoreParityIT {
  private static final Scenario SCENARIO = ScenarioLoader.parse("""
      name: redis-parity
      seed: 11
      duration: 6s
      regions:
        - { name: us-east, edges: 4, aggregators: 2 }
        - { name: eu-west, edges: 3, aggregators: 2 }
        - { name: ap-south, edges: 2, aggregators: 1 }
      sync: { edge_interval: 200ms, region_interval: 1s, jitter: 10% }
      network:
        intra_region: { latency: 0.5ms, jitter: 0.2ms }
        inter_region: { latency: 60ms, jitter: 4ms }
        request_timeout: 500ms
      rules:
        - id: search-global
          match: { path: "/api/search", methods: [GET] }
          key: constant
          scope: global
          limits: [ { rate: 8000/s } ]
        - id: api-per-key
          match: { path: "/api/**" }
          key: header:X-Api-Key
          scope: global
          limits: [ { rate: 40/s, burst: 80 } ]
      traffic:
        - { region: us-east, rule: search-global, rate: { shape: constant, rps: 5000 } }
        - { region: eu-west, rule: search-global, rate: { shape: constant, rps: 3500 } }
        - { region: ap-south, rule: search-global, rate: { shape: constant, rps: 1500 } }
        - region: us-east
          rule: api-per-key
          rate: { shape: constant, rps: 900 }
          keys: { distribution: zipf, count: 500, exponent: 1.1 }
        - region: ap-south
          rule: api-per-key
          rate: { shape: constant, rps: 400 }
          keys: { distribution: zipf, count: 500, exponent: 1.1 }
      faults:
        - type: rule_change
          at: 2s
          rules:
            - id: search-global
              match: { path: "/api/search", methods: [GET] }
              key: constant
              scope: global
              limits: [ { rate: 6000/s } ]
            - id: api-per-key
              match: { path: "/api/**" }
              key: header:X-Api-Key
              scope: global
              limits: [ { rate: 40/s, burst: 80 } ]
        - { type: redis_outage, region: eu-west, at: 3s, until: 3500ms }
        - { type: region_partition, region: us-east, from: redis, at: 4s, until: 4500ms }
      """, "redis-parity");

  static final List<RedisServer> servers = new ArrayList<>();
  static RedisRegionStores redis;

  @BeforeAll
  static void up() {
    Map<String, String> urls = new LinkedHashMap<>();
    for (RegionSpec region : SCENARIO.regions()) {
      RedisServer server = RedisServer.startOrConnect();
      servers.add(server);
      urls.put(region.name(), server.url());
    }
    redis = RedisRegionStores.connect(urls);
  }

  @AfterAll
  static void down() {
    if (redis != null) {
      redis.close();
    }
    servers.forEach(RedisServer::close);
  }

  private static SystemResult run(RegionStores stores) {
    SimulationOptions options = SimulationOptions.defaults().withTrackedKeysPerRule(50)
        .withSystems(List.of(() -> new LeaseholdSystem(false, stores)));
    return SimulationRunner.run(SCENARIO, options).system(LeaseholdSystem.NAME).orElseThrow();
  }

  @Test
  void theRedisStoreTakesExactlyTheInMemoryStoresDecisions() {
    SystemResult memory = run(RegionStores.IN_MEMORY);
    long wallStart = System.nanoTime();
    SystemResult real = run(redis);
    double redisWallSeconds = (System.nanoTime() - wallStart) / 1e9;
    System.out.printf("redis parity: %d requests, %d store ops; wall %.2f s in memory, %.2f s on Redis%n",
        real.series().requests(), real.stats().storeOperations(), memory.summary().wallSeconds(), redisWallSeconds);

    assertThat(real.stats().storeOperations()).as("store ops (the Redis store was used)").isPositive();
    assertThat(real.series().requests()).isEqualTo(memory.series().requests()).isPositive();
    assertThat(real.series().admittedRequests()).isEqualTo(memory.series().admittedRequests());
    assertThat(real.series().falseAdmits()).isEqualTo(memory.series().falseAdmits());
    assertThat(real.series().falseRejects()).isEqualTo(memory.series().falseRejects());
    assertThat(real.series().undecided()).isEqualTo(memory.series().undecided());
    assertThat(real.stats()).isEqualTo(memory.stats());
    assertThat(real.events()).isEqualTo(memory.events());
    // tokens admitted per tracked quota (the aggregate and the 50 hottest keys), region and 100 ms slot
    assertThat(real.series().admitted()).isDeepEqualTo(memory.series().admitted());
    assertThat(real.series().decisionLatency()).isEqualTo(memory.series().decisionLatency());
  }
}
