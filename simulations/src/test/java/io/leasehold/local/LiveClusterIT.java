package io.leasehold.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasehold.load.KeyDistribution;
import io.leasehold.load.LoadReport;
import io.leasehold.load.LoadResult;
import io.leasehold.load.LoadSpec;
import io.leasehold.load.LoadStream;
import io.leasehold.load.RateChange;
import io.leasehold.load.http.HttpLoadRunner;
import io.leasehold.local.process.Executables;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.testsupport.Infra;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live cluster under load, each fault in turn (issue 7's acceptance, short form for CI): two
 * regions, two aggregator replicas each, one sidecar per region, two coordinators, one etcd, a
 * Redis per region — every one a real process on loopback. One open-loop run of {@link #RUN}
 * crosses a steady phase and then every fault; the figures go to
 * {@code target/live-cluster/summary.json}, every component's metrics at the end next to it, and
 * configs and logs under {@code target/live-cluster/work}.
 */
class LiveClusterIT {
  static final List<String> REGIONS = List.of("us-east", "eu-west");
  static final int LIMIT = 600;
  static final String NEW_RATE = "400/s";
  static final String RULES = """
      rules:
        - id: search-global
          match: { path: /search, methods: [GET] }
          key: constant
          limits: [ { rate: %d/s, burst: %d } ]
          region_floors: { us-east: 0.25, eu-west: 0.25 }
      """.formatted(LIMIT, LIMIT);
  /**
   * Per-region offered load: below the limit together in the steady phase (where Redis work per
   * decision is measured), then a surge from {@link #SURGE_AT} takes it above the limit for every
   * fault, so that the global bound is tested throughout.
   */
  static final double US_RATE = 290;
  static final double EU_RATE = 280;
  static final double US_SURGE = 150;
  static final double EU_SURGE = 120;
  static final Duration SURGE_AT = Duration.ofSeconds(9);
  static final Duration RUN = Duration.ofSeconds(58);
  static final Duration WARM_UP = Duration.ofSeconds(6);
  static final Duration DEADLINE = Duration.ofSeconds(2);
  /** Steady state: unsaturated, before the surge and the first fault. */
  static final Duration STEADY_FROM = Duration.ofSeconds(2);
  static final Duration STEADY_TO = Duration.ofSeconds(9);
  static final String FAULTS = """
      10s kill-aggregator us-east 0
      14s stop-redis eu-west
      19s start-redis eu-west
      22s kill-leader
      27s revive
      30s set-rate search-global %s
      34s stop-etcd
      39s start-etcd
      43s partition eu-west
      50s heal eu-west
      """.formatted(NEW_RATE);

  static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    Executables.missing(List.of("redis-server", "etcd")).ifPresent(message -> Infra.missing("redis-server and etcd",
        message));
    ClusterSpec spec = ClusterSpec.defaults(REGIONS.size(), 1)
        .withRules(RULES)
        .withSyncIntervals(Duration.ofMillis(300), Duration.ofMillis(500));
    deleteRecursively(Path.of("target", "live-cluster")); // no stale metrics or logs of an earlier run
    Path work = Path.of("target", "live-cluster", "work");
    // Kept after the run: every component's config and log, for a post-mortem of a failure.
    cluster = LocalCluster.start(spec.withWorkDir(work), System.out);
    System.out.print(cluster.describe());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Every component's Prometheus metrics at the end of the run, next to its log. */
  private static void saveMetrics(Path dir) throws IOException {
    List<String> urls = new ArrayList<>(cluster.coordinatorUrls());
    for (String region : REGIONS) {
      urls.addAll(cluster.aggregatorUrls(region));
      urls.addAll(cluster.sidecarUrls(region));
    }
    for (String url : urls) {
      Optional<String> body = io.leasehold.local.process.Probes.get(url + "/metrics");
      if (body.isPresent()) {
        Files.writeString(dir.resolve("metrics-" + url.substring(url.lastIndexOf(':') + 1) + ".txt"), body.get());
      }
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void survivesEveryFaultWithinTheBounds() throws Exception {
    RuleSet rules = RuleConfig.parseYaml(RULES).value();
    List<LoadStream> base = List.of(search("us-east", US_RATE, Duration.ZERO), search("eu-west", EU_RATE, Duration.ZERO));
    List<LoadStream> streams = new ArrayList<>(base);
    streams.add(search("us-east", US_SURGE, SURGE_AT));
    streams.add(search("eu-west", EU_SURGE, SURGE_AT));
    LoadSpec spec = new LoadSpec(streams, RUN, Long.MAX_VALUE, DEADLINE, 1, 42);
    List<FaultStep> faults = FaultScript.parse(FAULTS);

    Vertx vertx = Vertx.vertx();
    // JIT warm-up of the sidecars and of this client: not measured.
    new HttpLoadRunner(new LoadSpec(base, WARM_UP, Long.MAX_VALUE, DEADLINE, 1, 7), rules).run(vertx);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50); // the runner's own start offset
    FaultRunner runner = new FaultRunner(cluster, faults, o -> System.out.println("fault " + o));
    RedisSampler steady = new RedisSampler(start);
    runner.start(start);
    steady.start();
    LoadResult result;
    try {
      result = new HttpLoadRunner(spec, rules).run(vertx);
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
    List<FaultOutcome> outcomes = runner.await();
    steady.join();

    FaultOutcome failover = outcome(outcomes, "kill-leader");
    FaultOutcome ruleChange = outcome(outcomes, "set-rate");
    double newRate = Double.parseDouble(NEW_RATE.substring(0, NEW_RATE.indexOf('/')));
    // Edges may spend tokens leased under the old limit until they enforce the new one (≤ 1 s, asserted
    // below): the lower limit is judged from then on.
    long changeEnforcedAt = TimeUnit.MILLISECONDS.toNanos(ruleChange.startedAtMillis() + 1_000);
    LoadReport report = new LoadReport(result, List.of(new RateChange("search-global", changeEnforcedAt, newRate,
        newRate)), steady.totalCalls(), REGIONS.size());
    double decisionsInSteadyState = (US_RATE + EU_RATE) * (STEADY_TO.toMillis() - STEADY_FROM.toMillis()) / 1000.0;
    double fcallsPerDecision = steady.fcalls() / decisionsInSteadyState;
    double callsPerDecision = steady.totalCalls() / decisionsInSteadyState;

    ObjectNode json = report.toJson();
    json.put("store_ops_per_decision", callsPerDecision); // the steady phase's, not over the faults
    json.put("steady_redis_fcalls_per_decision", fcallsPerDecision);
    json.put("steady_redis_calls_per_decision", callsPerDecision);
    ObjectNode faultJson = json.putObject("faults");
    outcomes.forEach(o -> faultJson.putPOJO(o.startedAtMillis() + "ms " + o.step().action().text(),
        o.error().<Object>map(e -> Map.of("error", e)).orElse(o.details())));
    Path dir = Path.of("target", "live-cluster");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("summary.json"), json.toPrettyString() + "\n");
    saveMetrics(dir);
    System.out.println(json.toPrettyString());

    assertThat(outcomes).as("every fault step ran").allSatisfy(o -> assertThat(o.error()).isEmpty());
    assertThat(result.failed()).as("requests that failed (no answer within %s, or not 2xx/429): %s", DEADLINE,
        result.failures()).isZero();
    assertThat(result.late()).as("requests answered after the %s deadline", DEADLINE).isZero();
    assertThat(result.admitted()).as("the limiter admitted traffic").isPositive();
    assertThat(report.strictBoundMaxRatio())
        .as("global admitted in any 1 s window ≤ rate × 1 s + burst (strict mode), over every fault")
        .isLessThanOrEqualTo(1.0);
    long failoverMs = ((Number) failover.details().get("failover_ms")).longValue();
    assertThat(failoverMs).as("leader failover after kill -9")
        .isLessThanOrEqualTo(cluster.spec().etcdLeaseTtl().toMillis() + 3_000);
    assertThat((Integer) ruleChange.details().get("edges_enforcing")).as("edges enforcing the new rule")
        .isEqualTo(REGIONS.size());
    assertThat(((Number) ruleChange.details().get("propagation_max_ms")).longValue())
        .as("rule change enforced by every edge (max over edges ≥ p99)").isLessThanOrEqualTo(1_000);
    // The DESIGN target (≤ 0.01) is a figure this run reports (summary.json, docs/live-cluster.md),
    // not an assertion: over the 7 s steady window it is ~30-45 FCALLs against 3 990 decisions, and
    // CI runs on this 2-core machine measured 0.0070-0.0110 (docs/live-cluster.md). What is
    // asserted is the design's order of magnitude — Redis work per lease, not per request (the
    // per-request script would be 1.0), so a regression to per-request or storm-like syncing fails.
    assertThat(fcallsPerDecision).as("Redis commands per decision at steady state (FCALLs, INFO commandstats)")
        .isLessThanOrEqualTo(0.03);
  }

  private static LoadStream search(String region, double rate, Duration from) {
    return new LoadStream(region, cluster.sidecarUrls(region), rate, "GET", "/search", Optional.empty(),
        KeyDistribution.CONSTANT, from);
  }

  private static FaultOutcome outcome(List<FaultOutcome> outcomes, String action) {
    return outcomes.stream().filter(o -> o.step().action().text().startsWith(action)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + action + " outcome in " + outcomes));
  }

  /** Reads every region's INFO commandstats at the start and the end of the steady phase. */
  static final class RedisSampler extends Thread {
    private final long start;
    private final List<Map<String, Long>> before = new ArrayList<>();
    private final List<Map<String, Long>> after = new ArrayList<>();

    RedisSampler(long start) {
      super("redis-sampler");
      this.start = start;
    }

    @Override
    public void run() {
      try {
        sleepUntil(start + STEADY_FROM.toNanos());
        for (String region : REGIONS) {
          before.add(cluster.redisCommandCalls(region));
        }
        sleepUntil(start + STEADY_TO.toNanos());
        for (String region : REGIONS) {
          after.add(cluster.redisCommandCalls(region));
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("redis sampling failed", e);
      }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
      long wait = nanos - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000);
      }
    }

    long fcalls() {
      return delta("fcall") + delta("fcall_ro");
    }

    /** Every command Redis executed, those run inside functions included; our own INFO excluded. */
    long totalCalls() {
      long total = 0;
      for (int i = 0; i < after.size(); i++) {
        for (Map.Entry<String, Long> e : after.get(i).entrySet()) {
          if (!e.getKey().equals("info")) {
            total += e.getValue() - before.get(i).getOrDefault(e.getKey(), 0L);
          }
        }
      }
      return total;
    }

    private long delta(String command) {
      long total = 0;
      for (int i = 0; i < after.size(); i++) {
        total += after.get(i).getOrDefault(command, 0L) - before.get(i).getOrDefault(command, 0L);
      }
      return total;
    }
  }
}
