package io.leasehold.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.edge.EdgeConfig;
import io.leasehold.edge.EdgeConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeConfigReaderTest {

  @Test
  void defaultsApplyAndEnvironmentOverridesTheFile() {
    EdgeConfig config = EdgeConfig.parse("""
        listen: { port: 8080 }
        upstream: { url: "http://app:9000" }
        aggregator: { urls: [ "http://agg-1:8081" ], token: from-file }
        """, Map.of("LEASEHOLD_LISTEN_PORT", "9090", "LEASEHOLD_UPSTREAM", "http://127.0.0.1:7000",
        "LEASEHOLD_AGGREGATOR_URL", "http://a:1, http://b:2", "LEASEHOLD_SYNC_TOKEN", "from-env"));
    assertThat(config.listenPort()).isEqualTo(9090);
    assertThat(config.upstream()).contains(URI.create("http://127.0.0.1:7000"));
    assertThat(config.aggregator().urls()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
    assertThat(config.aggregator().token()).contains("from-env");
    assertThat(config.aggregator().syncInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.headers().xRateLimitReset()).isEqualTo(EdgeConfig.ResetStyle.DELTA);
    assertThat(config.maxKeys()).isEqualTo(1_000_000);
    assertThat(config.settings().syncInterval()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void everyProblemIsListedWithItsPathValueAndReason() {
    assertThatThrownBy(() -> EdgeConfig.parse("""
        listen: { port: 70000 }
        upstream: { url: "ftp://x" }
        aggregator: { sync_interval: 5 parsecs, colour: red }
        headers: { x_ratelimit_reset: sometimes }
        """, Map.of()))
        .isInstanceOfSatisfying(EdgeConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "listen.port: 70000: must be an integer in [0, 65535]",
            "upstream.url: \"ftp://x\": must be an http:// or https:// URL with a host",
            "aggregator.colour: unknown field; expected one of [backoff_initial, backoff_max, breaker_cooldown,"
                + " breaker_failures, jitter, sync_interval, timeout, token, urls]",
            "aggregator.sync_interval: \"5 parsecs\": must be a duration such as 200ms, 5s, 10m or 1h",
            "headers.x_ratelimit_reset: \"sometimes\": must be delta or epoch",
            "aggregator.urls: (missing): required unless standalone: true (or set LEASEHOLD_AGGREGATOR_URL)"));
  }

  @Test
  void malformedYamlNamesTheLine() {
    assertThatThrownBy(() -> EdgeConfig.parse("listen: { port: 1\nfoo: [", Map.of()))
        .isInstanceOfSatisfying(EdgeConfigException.class,
            e -> assertThat(e.problems()).singleElement().asString().startsWith("config: line ").contains("malformed YAML"));
  }

  @Test
  void standaloneNeedsARulesFileResolvedNextToTheConfig(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> EdgeConfig.parse("standalone: true", Map.of()))
        .hasMessageContaining("rules_file: (missing): a standalone edge enforces the rules of a local file");
    Path file = Files.writeString(dir.resolve("edge.yaml"), "rules_file: rules.yaml\n");
    EdgeConfig config = EdgeConfig.load(file, Map.of("LEASEHOLD_STANDALONE", "true"));
    assertThat(config.standalone()).isTrue();
    assertThat(config.rulesFile()).contains(dir.resolve("rules.yaml").toAbsolutePath());
  }
}
