package io.leasehold.aggregator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.AggregatorConfig;
import io.leasehold.model.QuotaId;
import io.leasehold.testsupport.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aggregator replicas on a real redis-server, driven over HTTP by simulated edges. */
class AggregatorRedisIT {
  private static final long RATE = 2_000;
  private static final long BURST = 200;
  private static final QuotaId HOT = new QuotaId("hot", 0, "tenant-1");
  private static final String RULES = """
      rules:
        - id: hot
          key: header:X-Tenant
          limits: [ { rate: %d/s, burst: %d } ]
          region_floors: { eu-west: 0.5 }
      """.formatted(RATE, BURST);

  static RedisServer redis;
  @TempDir Path dir;
  private Vertx vertx;
  private WebClient client;
  private final List<AggregatorServer> servers = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.startOrConnect();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    redis.call("FLUSHALL");
  }

  @AfterEach
  void down() throws Exception {
    for (AggregatorServer server : servers) {
      server.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private int startReplica(String id, int emergencyReplicas) throws Exception {
    AggregatorConfig config = TestAggregators.config(
        "aggregator_id: " + id + "\nemergency: { replicas: " + emergencyReplicas + " }\n",
        TestAggregators.rulesFile(dir, RULES), redis.url(), Optional.empty());
    AggregatorServer server = TestAggregators.start(vertx, config);
    servers.add(server);
    return server.port();
  }

  /** Runs every edge in its own thread, syncing every {@code periodMillis} and using what it holds. */
  private static void drive(List<SimulatedEdge> edges, long millis, long periodMillis, int usePermille)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(edges.size());
    AtomicBoolean stop = new AtomicBoolean();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (SimulatedEdge edge : edges) {
        running.add(pool.submit(() -> {
          while (!stop.get()) {
            edge.sync();
            edge.use(usePermille);
            Thread.sleep(periodMillis);
          }
          return null;
        }));
      }
      Thread.sleep(millis);
      stop.set(true);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<String, Long> storedBucket() {
    List<?> keys = (List<?>) redis.call("KEYS", "leasehold:eu-west:*");
    assertThat(keys).hasSize(1);
    List<?> fields = (List<?>) redis.call("HGETALL", String.valueOf(keys.get(0)));
    Map<String, Long> out = new TreeMap<>();
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      out.put(String.valueOf(fields.get(i)), (long) Double.parseDouble(String.valueOf(fields.get(i + 1))));
    }
    return out;
  }

  private List<SimulatedEdge> edges(int count, int... ports) {
    List<SimulatedEdge> edges = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      edges.add(new SimulatedEdge("edge-" + i, HOT, client, 2 * RATE, ports));
    }
    return edges;
  }

  @Test
  void two_replicas_never_grant_more_than_the_regions_capacity_over_any_window() throws Exception {
    int a = startReplica("agg-a", 2);
    int b = startReplica("agg-b", 2);
    List<SimulatedEdge> edges = edges(8, a, b);
    long started = System.nanoTime();
    drive(edges, 3_000, 10, 1000);
    long elapsedNanos = System.nanoTime() - started;

    long edgeTotal = edges.stream().mapToLong(SimulatedEdge::granted).sum();
    Map<String, Long> stored = storedBucket();
    // from Redis: what the regional bucket handed out is exactly what the edges received
    assertThat(stored.get("g")).isEqualTo(edgeTotal);
    assertThat(stored.get("u")).isLessThanOrEqualTo(edgeTotal);
    assertThat(edgeTotal).isLessThanOrEqualTo(BURST + RATE * elapsedNanos / 1_000_000_000L);
    // demand (16 000/s) far above the limit: the region used its capacity
    assertThat(edgeTotal).isGreaterThan(RATE * 2);

    // from the edges' totals: any window of T holds at most burst + rate × (T + 50 ms of request skew)
    List<SimulatedEdge.Received> all = new ArrayList<>();
    edges.forEach(e -> all.addAll(e.received));
    all.sort(Comparator.comparingLong(SimulatedEdge.Received::atNanos));
    for (long windowMillis : new long[] {100, 500, 1000}) {
      long window = windowMillis * 1_000_000L;
      long sum = 0;
      int tail = 0;
      for (SimulatedEdge.Received r : all) {
        sum += r.tokens();
        while (all.get(tail).atNanos() < r.atNanos() - window) {
          sum -= all.get(tail++).tokens();
        }
        assertThat(sum).as("tokens granted within %d ms", windowMillis)
            .isLessThanOrEqualTo(BURST + RATE * (windowMillis + 50) / 1000);
      }
    }
    assertThat(all).noneMatch(SimulatedEdge.Received::degraded);
  }

  @Test
  void a_redis_restart_is_served_from_the_bounded_emergency_share_and_recovers_without_double_counting()
      throws Exception {
    int port = startReplica("agg-a", 2); // two replicas' worth: this one may use half the region's share
    List<SimulatedEdge> edges = edges(4, port);
    drive(edges, 1_000, 20, 700);

    long reportedBeforeKill = edges.stream().mapToLong(e -> e.consumedTotal - e.pendingConsumed).sum();
    redis.kill();
    long outageStarted = System.nanoTime();
    long before = edges.stream().mapToLong(SimulatedEdge::granted).sum();
    drive(edges, 1_500, 20, 700);
    long outageMillis = (System.nanoTime() - outageStarted) / 1_000_000;
    long emergency = edges.stream().flatMap(e -> e.received.stream())
        .filter(SimulatedEdge.Received::degraded).mapToLong(SimulatedEdge.Received::tokens).sum();
    // the region's default share of the key is the whole limit (a one-region deployment, no
    // coordinator), and half of that is this replica's; its emergency bucket starts empty
    long emergencyRate = RATE / 2;
    assertThat(edges.stream().flatMap(e -> e.received.stream())).anyMatch(SimulatedEdge.Received::degraded);
    assertThat(emergency).isPositive().isLessThanOrEqualTo(emergencyRate + emergencyRate * outageMillis / 1000);
    assertThat(edges.stream().mapToLong(SimulatedEdge::granted).sum() - before)
        .isLessThanOrEqualTo(emergencyRate + emergencyRate * outageMillis / 1000);

    redis.start(); // empty, without the function library: reloaded on first use
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    boolean recovered = false;
    while (!recovered && System.nanoTime() < deadline) {
      Thread.sleep(100);
      for (SimulatedEdge edge : edges) {
        recovered |= !edge.sync().degraded();
        edge.use(700);
      }
    }
    assertThat(recovered).isTrue();
    long consumedAtRecovery = edges.stream().mapToLong(e -> e.consumedTotal).sum();
    drive(edges, 500, 20, 700);
    edges.forEach(SimulatedEdge::returnAll);
    for (SimulatedEdge edge : edges) {
      edge.sync();
    }
    long consumedTotal = edges.stream().mapToLong(e -> e.consumedTotal).sum();
    Map<String, Long> stored = storedBucket();
    // emergency tokens handed back are never credited to Redis: returns stay within what Redis granted
    assertThat(stored.get("r")).isLessThanOrEqualTo(stored.get("g"));
    // usage is counted once at most (Redis restarted empty, so it can only hold usage reported after
    // the kill), and what was reported after recovery is all there
    assertThat(stored.get("u")).isLessThanOrEqualTo(consumedTotal - reportedBeforeKill)
        .isGreaterThanOrEqualTo(consumedTotal - consumedAtRecovery);
  }

  @Test
  void functions_missing_after_a_flush_are_reloaded_transparently() throws Exception {
    int port = startReplica("agg-a", 1);
    List<SimulatedEdge> edges = edges(2, port);
    drive(edges, 300, 20, 1000);
    long grantedBeforeFlush = edges.stream().mapToLong(SimulatedEdge::granted).sum();
    redis.call("FUNCTION", "FLUSH");
    drive(edges, 500, 20, 1000);

    assertThat(edges.stream().flatMap(e -> e.received.stream())).noneMatch(SimulatedEdge.Received::degraded);
    // the store kept leasing after the flush: at least a fifth of the 500 ms refill reached the edges
    // (the very last lease may be empty: two edges drain the bucket as fast as it refills)
    long grantedAfterFlush = edges.stream().mapToLong(SimulatedEdge::granted).sum() - grantedBeforeFlush;
    assertThat(grantedAfterFlush).isGreaterThan(RATE / 10);
    String metrics = servers.get(0).registry().scrape();
    assertThat(metrics).containsPattern("leasehold_redis_function_loads_total\\{[^}]*\\} [2-9]");
  }
}
