package io.leasehold.load.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.load.KeyDistribution;
import io.leasehold.load.LoadReport;
import io.leasehold.load.LoadResult;
import io.leasehold.load.LoadSpec;
import io.leasehold.load.LoadStream;
import io.leasehold.local.net.BuiltInUpstream;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpLoadRunnerTest {
  private static final RuleSet RULES = RuleConfig.parseYaml("""
      rules:
        - id: per-key
          match: { path: "/api/**" }
          key: header:X-Api-Key
          limits: [ { rate: 50/s } ]
        - id: everything
          key: constant
          limits: [ { rate: 1000/s } ]
      """).value();

  private Vertx vertx;
  private BuiltInUpstream upstream;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = BuiltInUpstream.start(vertx, 0);
  }

  @AfterEach
  void stop() throws Exception {
    upstream.close();
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void sendsTheScheduleAndCountsEveryAnswerAgainstTheMatchedQuotas() throws Exception {
    LoadStream stream = new LoadStream("r1", List.of(upstream.url()), 200, "GET", "/api/items",
        Optional.of("X-Api-Key"), KeyDistribution.parse("zipf:10:1.2"));
    LoadSpec spec = new LoadSpec(List.of(stream), Duration.ofMillis(1500), 1_000_000, Duration.ofSeconds(2), 2, 7);

    LoadResult result = new HttpLoadRunner(spec, RULES).run(vertx);

    assertThat(result.requests()).isEqualTo(300);
    assertThat(result.admitted()).as("failures: %s", result.failures()).isEqualTo(300);
    assertThat(result.failed()).isZero();
    assertThat(result.latencyNanos().getTotalCount()).isEqualTo(300);
    LoadReport report = new LoadReport(result, List.of(), 0, 1);
    // the constant rule saw every request; key 0 of the per-key rule is the hottest Zipf key
    long everything = 0;
    for (long n : result.quotas().admittedPerSlot(result.quotas().tracked().index(1, 0))) {
      everything += n;
    }
    assertThat(everything).isEqualTo(300);
    assertThat(report.toJson().path("admitted_per_second").has("per-key/key 0")).isTrue();
    assertThat(report.toJson().path("requests").asLong()).isEqualTo(300);
  }

  @Test
  void stopsAtTheRequestBound() throws Exception {
    LoadStream stream = new LoadStream("r1", List.of(upstream.url()), 500, "GET", "/", Optional.empty(),
        KeyDistribution.CONSTANT);
    LoadSpec spec = new LoadSpec(List.of(stream), Duration.ofSeconds(5), 40, Duration.ofSeconds(1), 1, 1);

    LoadResult result = new HttpLoadRunner(spec, RULES).run(vertx);

    assertThat(result.requests()).isEqualTo(40);
    assertThat(result.admitted()).isEqualTo(40);
  }
}
