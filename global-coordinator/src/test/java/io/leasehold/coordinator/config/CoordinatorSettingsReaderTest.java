package io.leasehold.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.coordinator.CoordinatorSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinatorSettingsReaderTest {
  static final Map<String, String> ENV = Map.of(
      "LEASEHOLD_ADMIN_TOKEN", "admin-0123456789abcdef",
      "LEASEHOLD_SYNC_TOKEN", "sync-0123456789abcdef",
      "LEASEHOLD_ETCD_ENDPOINTS", "http://e1:2379, http://e2:2379");

  @Test
  void readsEverySettingAndTheEnvironment() {
    CoordinatorSettingsReader.Result result = CoordinatorSettingsReader.read("""
        id: coord-a
        listen: { host: 127.0.0.1, port: 9191 }
        advertised_url: http://coord-a.internal:9191
        standby_mode: forward
        regions: [us-east, eu-west]
        grant_ttl: 4s
        sync_interval: 500ms
        hot_key_idle: 1m
        max_hot_keys: 500
        etcd: { lease_ttl: 6s, election_name: /x/leader }
        """, ENV);
    assertThat(result.problems()).isEmpty();
    CoordinatorSettings s = result.settings();
    assertThat(s.pool().coordinatorId()).isEqualTo("coord-a");
    assertThat(s.port()).isEqualTo(9191);
    assertThat(s.standbyMode()).isEqualTo(CoordinatorSettings.StandbyMode.FORWARD);
    assertThat(s.pool().expectedRegions()).containsExactlyInAnyOrder("us-east", "eu-west");
    assertThat(s.pool().grantTtl()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.pool().syncInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.pool().hotKeyIdle()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.etcd().endpoints()).containsExactly("http://e1:2379", "http://e2:2379");
    assertThat(s.etcd().leaseTtl()).isEqualTo(Duration.ofSeconds(6));
    assertThat(s.toString()).doesNotContain("admin-0123456789abcdef").doesNotContain("sync-0123456789abcdef");
  }

  @Test
  void everyProblemIsReportedWithItsPath() {
    CoordinatorSettingsReader.Result result = CoordinatorSettingsReader.read("""
        listen: { port: lots }
        grant_ttl: soon
        standby_mode: sideways
        colour: blue
        etcd: { lease_ttl: 1s, endpointz: [] }
        """, Map.of());
    assertThat(result.isValid()).isFalse();
    assertThat(String.join("\n", result.problems()))
        .contains("listen.port: \"lots\": must be an integer")
        .contains("grant_ttl: \"soon\": must be a duration")
        .contains("standby_mode: sideways: must be redirect or forward")
        .contains("colour: unknown setting")
        .contains("etcd.endpointz: unknown setting")
        .contains("etcd.lease_ttl")
        .contains("LEASEHOLD_ADMIN_TOKEN");
  }

  @Test
  void aMissingFileIsOneProblemNotAStackTrace() {
    CoordinatorSettingsReader.Result result =
        CoordinatorSettingsReader.read(java.nio.file.Path.of("/nonexistent/coordinator.yaml"), ENV);
    assertThat(result.problems()).singleElement().asString().contains("cannot be read");
  }
}
