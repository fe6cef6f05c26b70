package io.leasehold.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.model.rules.RuleConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterSpecTest {
  @Test
  void defaultsNameRegionsAndShipValidExampleRules() {
    ClusterSpec spec = ClusterSpec.defaults(3, 2);

    assertThat(spec.regions()).containsExactly("us-east", "eu-west", "ap-south");
    assertThat(spec.aggregatorsPerRegion()).isEqualTo(2);
    assertThat(spec.coordinators()).isEqualTo(2);
    var rules = RuleConfig.parseYaml(spec.rulesYaml());
    assertThat(rules.isValid()).as(rules.describeProblems()).isTrue();
    assertThat(rules.value().rule("search-global").orElseThrow().regionFloors()).containsOnlyKeys(spec.regions());
  }

  @Test
  void exampleFloorsStayValidForEveryRegionCount() {
    for (int n = 1; n <= ClusterSpec.DEFAULT_REGIONS.size(); n++) {
      var rules = RuleConfig.parseYaml(ClusterSpec.defaults(n, 1).rulesYaml());
      assertThat(rules.isValid()).as("%d regions: %s", n, rules.describeProblems()).isTrue();
    }
  }

  @Test
  void rejectsBadShapesNamingEveryField() {
    assertThatThrownBy(() -> new ClusterSpec(List.of("us-east", "us-east", "Bad Name"), 0, 17, 0,
        Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofMillis(10), Duration.ofMillis(5), "rules: []",
        Optional.empty(), Optional.empty(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("regions: [us-east, us-east, Bad Name]: names must be unique")
        .hasMessageContaining("regions: \"Bad Name\": must match")
        .hasMessageContaining("aggregators_per_region: 0: must be 1 to 8")
        .hasMessageContaining("edges_per_region: 17: must be 0 to 16")
        .hasMessageContaining("coordinators: 0: must be 1 to 5")
        .hasMessageContaining("etcd_lease_ttl: 1500ms: must be whole seconds, at least 2s")
        .hasMessageContaining("region_sync_interval: 10ms")
        .hasMessageContaining("edge_sync_interval: 5ms");
    assertThatThrownBy(() -> ClusterSpec.defaults(9, 1)).hasMessage("regions: 9: must be 1 to 8");
  }
}
