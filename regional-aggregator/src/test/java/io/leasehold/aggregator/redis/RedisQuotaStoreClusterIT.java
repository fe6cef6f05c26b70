package io.leasehold.aggregator.redis;

import static io.leasehold.aggregator.redis.RedisTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.model.time.Clock;
import io.leasehold.testsupport.Infra;
import io.leasehold.testsupport.RespClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster code path (slot lookup, grouping by node, FUNCTION LOAD on every master) against a
 * one-node Redis Cluster that owns all 16384 slots: enough to prove the hash-tagged keys and
 * per-key FCALLs are accepted by a cluster, without the cost of a six-node one.
 */
class RedisQuotaStoreClusterIT {
  static Process process;
  static Path dir;
  static int port;
  static Vertx vertx;

  @BeforeAll
  static void up() throws Exception {
    if (!Infra.onPath("redis-server")) {
      Infra.missing("redis-server", "the cluster test starts its own cluster-enabled redis-server");
    }
    dir = Files.createTempDirectory("leasehold-redis-cluster-");
    port = Infra.freeLoopbackPort();
    process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--cluster-enabled", "yes",
        "--cluster-config-file", dir.resolve("nodes.conf").toString(), "--loglevel", "warning")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    awaitCluster();
    vertx = Vertx.vertx();
  }

  private static void awaitCluster() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    boolean slotsAdded = false;
    while (System.nanoTime() < deadline) {
      try (RespClient client = new RespClient("127.0.0.1", port, 500)) {
        if (!slotsAdded) {
          client.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
          slotsAdded = true;
        }
        if (String.valueOf(client.call("CLUSTER", "INFO")).contains("cluster_state:ok")) {
          return;
        }
      } catch (IOException | RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("one-node redis cluster on port " + port + " did not reach cluster_state:ok");
  }

  @AfterAll
  static void down() throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void quotasSpreadOverSlotsGoOutAsOneBatchPerNodeAndSurviveAFunctionFlush() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RedisQuotaStore store = RedisTestSupport.started(vertx,
        RedisQuotaStoreOptions.builder("redis://127.0.0.1:" + port).cluster().callTimeout(Duration.ofSeconds(3)).build(),
        registry, Clock.system());
    try {
      List<StoreOp> ops = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        ops.add(StoreOp.take("cluster:q" + (i % 100), 0, 10, 3, Duration.ofMinutes(1)));
      }
      double tripsBefore = count(registry, RedisStoreMetrics.ROUND_TRIPS);
      List<StoreResult> results = store.takeAndReturn(ops).await(10, TimeUnit.SECONDS);

      assertThat(count(registry, RedisStoreMetrics.ROUND_TRIPS) - tripsBefore).isEqualTo(1.0);
      // three ops per key, back in call order: 3, 3, 3 of a 10-token bucket
      assertThat(results.subList(0, 100)).extracting(StoreResult::grantedTotal).containsOnly(3L);
      assertThat(results.subList(200, 300)).extracting(StoreResult::grantedTotal).containsOnly(9L);
      assertThat(results.get(250).quotaKey()).isEqualTo("cluster:q50");

      try (RespClient client = new RespClient("127.0.0.1", port, 2_000)) {
        client.call("FUNCTION", "FLUSH");
      }
      assertThat(store.takeAndReturn(List.of(ops.get(0))).await(10, TimeUnit.SECONDS))
          .extracting(StoreResult::granted).containsExactly(1L);
    } finally {
      store.close().await(5, TimeUnit.SECONDS);
    }
  }
}
