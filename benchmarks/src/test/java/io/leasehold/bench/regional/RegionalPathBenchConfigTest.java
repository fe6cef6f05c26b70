package io.leasehold.bench.regional;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.AggregatorConfig;
import io.leasehold.model.rules.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regional benchmark builds its aggregator from a configuration document of its own; when the
 * aggregator's configuration gains a required field, this fails in CI instead of the benchmark
 * failing when someone next runs it (it once lacked {@code regions}).
 */
class RegionalPathBenchConfigTest {
  @TempDir Path dir;

  @Test
  void theBenchmarksAggregatorConfigurationIsValid() throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, RegionalWorkloads.PER_KEY_LIMIT.leaseholdRulesYaml(Scope.REGION));

    AggregatorConfig config = RegionalPathBench.aggregatorConfig("redis://127.0.0.1:6379", rules, 100);

    assertThat(config.region()).isEqualTo("bench");
    assertThat(config.regions()).containsExactly("bench");
  }
}
