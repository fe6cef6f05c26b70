package io.leasehold.aggregator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.aggregator.AggregatorConfig;
import io.leasehold.aggregator.AggregatorConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
  private static final String TOKEN = "0123456789abcdef-token";

  @Test
  void reads_a_full_file() {
    AggregatorConfig c = ConfigReader.read("""
        region: eu-west
        aggregator_id: agg-7
        regions: [us-east, eu-west]
        server: { host: 127.0.0.1, port: 9090, max_body_bytes: 65536, tls: { cert: c.pem, key: k.pem } }
        auth: { token: %s }
        redis: { url: "rediss://cache:6379", cluster: true, key_prefix: lh, timeout_ms: 300 }
        coordinator: { url: "https://coord:8443", interval_ms: 500 }
        lease: { ttl_ms: 3000, prefetch_ms: 500, edge_sync_ms: 250 }
        emergency: { replicas: 4 }
        """.formatted(TOKEN), Map.of(), Optional.empty());
    assertThat(c.region()).isEqualTo("eu-west");
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.tls()).isPresent();
    assertThat(c.redisCluster()).isTrue();
    assertThat(c.coordinatorInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.emergencyPermille()).isEqualTo(250);
    assertThat(c.toString()).doesNotContain(TOKEN);
  }

  @Test
  void the_environment_overrides_the_file_and_the_option_overrides_both() {
    AggregatorConfig c = ConfigReader.read("region: a\nregions: [a]\nredis: { url: 'redis://file:1' }\nauth: { token: "
            + TOKEN + " }",
        Map.of("LEASEHOLD_REGION", "b", "LEASEHOLD_REDIS_URL", "redis://env:2", "LEASEHOLD_PORT", "0",
            "LEASEHOLD_COORDINATOR_URL", "http://coord:1", "LEASEHOLD_SYNC_TOKEN", "another-token-of-16",
            "LEASEHOLD_REDIS_AUTH_TOKEN", "secret", "LEASEHOLD_REGIONS", "a, b,c"),
        Optional.of("c"));
    assertThat(c.region()).isEqualTo("c");
    assertThat(c.regions()).containsExactly("a", "b", "c");
    assertThat(c.redisUrl()).isEqualTo("redis://env:2");
    assertThat(c.port()).isZero();
    assertThat(c.syncToken()).contains("another-token-of-16");
    assertThat(c.redisAuthToken()).contains("secret");
    assertThat(c.coordinatorUrl()).isPresent();
  }

  @Test
  void the_environment_sets_the_replica_count_of_the_emergency_share() {
    String file = "region: a\nregions: [a]\nredis: { url: 'redis://file:1' }\nauth: { token: " + TOKEN
        + " }\nemergency: { permille: 1000 }";
    assertThat(ConfigReader.read(file, Map.of("LEASEHOLD_EMERGENCY_REPLICAS", "4"), Optional.empty())
        .emergencyPermille()).isEqualTo(250);
    assertThatThrownBy(() -> ConfigReader.read(file, Map.of("LEASEHOLD_EMERGENCY_REPLICAS", "0"), Optional.empty()))
        .isInstanceOf(AggregatorConfigException.class)
        .satisfies(e -> assertThat(((AggregatorConfigException) e).problems()).containsExactly(
            "LEASEHOLD_EMERGENCY_REPLICAS: \"0\": must be the region's most aggregator replicas, an integer in [1, 1000]"));
  }

  @Test
  void reports_every_problem_with_its_path_value_and_reason() {
    assertThatThrownBy(() -> ConfigReader.read("""
        regoin: x
        server: { port: 70000 }
        redis: { url: "http://nope" }
        lease: { ttl_ms: 100, edge_sync_ms: 200 }
        """, Map.of(), Optional.empty()))
        .isInstanceOf(AggregatorConfigException.class)
        .satisfies(e -> assertThat(((AggregatorConfigException) e).problems()).containsExactlyInAnyOrder(
            "regoin: \"x\": unknown field; expected one of [aggregator_id, auth, coordinator, emergency, lease, "
                + "max_in_flight_store_calls, redis, region, regions, rules_file, server, shutdown_grace_ms]",
            "region: (missing): required (set it in the file, with --region or LEASEHOLD_REGION)",
            "regions: (missing): required (or LEASEHOLD_REGIONS, comma-separated): every region of the deployment, "
                + "the same list in every region and at the coordinator ('equal' per-key shares are limit / its size)",
            "server.port: 70000: must be an integer in [0, 65535]",
            "auth.token: (missing): required (or LEASEHOLD_SYNC_TOKEN); set auth.allow_unauthenticated: true to run "
                + "without one (development only)",
            "redis.url: \"http://nope\": must start with redis:// or rediss://, or be memory:",
            "lease.ttl_ms: 100: must exceed lease.edge_sync_ms (200) or edges lose their tokens before they can renew them"));
  }

  @Test
  void the_deployments_region_list_must_be_complete() {
    String base = "region: eu-west\nredis: { url: 'memory:' }\nauth: { token: " + TOKEN + " }\n";
    assertThatThrownBy(() -> ConfigReader.read(base + "regions: []", Map.of(), Optional.empty()))
        .isInstanceOf(AggregatorConfigException.class)
        .satisfies(e -> assertThat(((AggregatorConfigException) e).problems()).containsExactly(
            "regions: []: must list every region of the deployment, this one included"));
    assertThatThrownBy(() -> ConfigReader.read(base + "regions: [us-east, us-east]", Map.of(), Optional.empty()))
        .isInstanceOf(AggregatorConfigException.class)
        .satisfies(e -> assertThat(((AggregatorConfigException) e).problems()).containsExactly(
            "regions[1]: \"us-east\": duplicate region", "regions: [us-east]: must contain this region 'eu-west'"));
    assertThatThrownBy(() -> ConfigReader.read(base, Map.of("LEASEHOLD_REGIONS", "us-east,ap-south"), Optional.empty()))
        .isInstanceOf(AggregatorConfigException.class)
        .satisfies(e -> assertThat(((AggregatorConfigException) e).problems()).containsExactly(
            "LEASEHOLD_REGIONS: [us-east, ap-south]: must contain this region 'eu-west'"));
  }

  @Test
  void malformed_yaml_is_reported_with_its_position() {
    assertThatThrownBy(() -> ConfigReader.read("region: [a\n", Map.of(), Optional.empty()))
        .isInstanceOf(AggregatorConfigException.class)
        .hasMessageContaining("malformed YAML");
  }
}
