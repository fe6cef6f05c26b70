package io.leasehold.aggregator.redis;

import static io.leasehold.aggregator.redis.RedisTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.BucketSnapshot;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.model.time.Clock;
import io.leasehold.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redis-specific behaviour of {@link RedisQuotaStore}: batching, TTLs, replicas, reloads. */
class RedisQuotaStoreIT {
  static RedisServer server;
  static Vertx vertx;
  static SimpleMeterRegistry registry;
  static RedisQuotaStore store;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void up() {
    server = RedisServer.startOrConnect();
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
    store = RedisTestSupport.started(vertx, RedisTestSupport.options(server).build(), registry, Clock.system());
  }

  @AfterAll
  static void down() throws Exception {
    RedisTestSupport.closeAll(store, vertx, server);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  private String key(String name) {
    return "it:" + run + ":" + name;
  }

  @Test
  void aThousandQuotasTakeOneRoundTripAndOneFcallEach() throws Exception {
    List<StoreOp> ops = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ops.add(new StoreOp(key("batch-" + i), StoreOp.tokensPerSecond(100), 100, 10, 0, 3, Duration.ofMinutes(1)));
    }
    server.call("CONFIG", "RESETSTAT");
    double tripsBefore = count(registry, RedisStoreMetrics.ROUND_TRIPS);
    double commandsBefore = count(registry, RedisStoreMetrics.COMMANDS);

    List<StoreResult> results = await(store.takeAndReturn(ops));

    assertThat(results).hasSize(1000).allSatisfy(r -> {
      assertThat(r.granted()).isEqualTo(10);
      assertThat(r.consumedTotal()).isEqualTo(3);
    });
    assertThat(count(registry, RedisStoreMetrics.ROUND_TRIPS) - tripsBefore).isEqualTo(1.0);
    assertThat(count(registry, RedisStoreMetrics.COMMANDS) - commandsBefore).isEqualTo(1000.0);
    assertThat(server.commandCalls()).containsEntry("fcall", 1000L).doesNotContainKey("evalsha");
    assertThat(registry.get(RedisStoreMetrics.LATENCY).timer().count()).isPositive();
  }

  @Test
  void callsLargerThanMaxBatchSizeAreSplit() throws Exception {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    RedisQuotaStore small = RedisTestSupport.started(vertx,
        RedisTestSupport.options(server).maxBatchSize(40).build(), own, Clock.system());
    try {
      double before = count(own, RedisStoreMetrics.ROUND_TRIPS);
      List<StoreOp> ops = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        ops.add(StoreOp.take(key("split-" + (i % 10)), 0, 1_000, 1, Duration.ofMinutes(1)));
      }
      List<StoreResult> results = await(small.takeAndReturn(ops));
      assertThat(count(own, RedisStoreMetrics.ROUND_TRIPS) - before).isEqualTo(3.0);
      assertThat(results).extracting(StoreResult::granted).containsOnly(1L);
      // ten ops per key, in call order across the three batches
      assertThat(results.subList(90, 100)).extracting(StoreResult::grantedTotal).containsOnly(10L);
    } finally {
      small.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyKeyCarriesItsIdleTtlAndAHashTag() throws Exception {
    String k = key("ttl");
    await(store.takeAndReturn(List.of(StoreOp.take(k, 0, 5, 1, Duration.ofSeconds(30)))));
    String redisKey = store.redisKey(k);
    assertThat(redisKey).matches("leasehold:\\{[0-9a-f]{16}\\}:" + java.util.regex.Pattern.quote(k));
    assertThat((Long) server.call("PTTL", redisKey)).isBetween(1L, 30_000L);
    assertThat(server.call("HGET", redisKey, "l")).isEqualTo("4000");
  }

  @Test
  void twoReplicasOnOneRedisNeverGrantMoreThanTheBucket() throws Exception {
    RedisQuotaStore other = RedisTestSupport.started(vertx, server);
    try {
      String hot = key("hot");
      long burst = 1_000;
      List<Future<List<StoreResult>>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        for (RedisQuotaStore replica : List.of(store, other)) {
          // each call asks twice for the hot key, so ops of one batch interleave with the other replica's
          StoreOp take = StoreOp.take(hot, 0, burst, 4, Duration.ofMinutes(1));
          calls.add(replica.takeAndReturn(List.of(take, take)));
        }
      }
      long granted = 0;
      for (Future<List<StoreResult>> call : calls) {
        for (StoreResult r : await(call)) {
          assertThat(r.granted()).isBetween(0L, 4L);
          granted += r.granted();
        }
      }
      // 1600 tokens wanted from a 1000-token bucket that does not refill: exactly the bucket is granted
      assertThat(granted).isEqualTo(burst);
      BucketSnapshot state = await(store.peek(hot)).orElseThrow();
      assertThat(state.grantedTotal()).isEqualTo(burst);
      assertThat(state.levelMilliTokens()).isZero();
    } finally {
      other.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFlushedFunctionLibraryIsReloadedTransparently() throws Exception {
    String k = key("flush");
    StoreOp take = StoreOp.take(k, 0, 10, 1, Duration.ofMinutes(1));
    await(store.takeAndReturn(List.of(take)));
    double loadsBefore = count(registry, RedisStoreMetrics.FUNCTION_LOADS);

    server.call("FUNCTION", "FLUSH");
    assertThat(await(store.takeAndReturn(List.of(take, take)))).extracting(StoreResult::grantedTotal)
        .containsExactly(2L, 3L);
    assertThat(count(registry, RedisStoreMetrics.FUNCTION_LOADS) - loadsBefore).isEqualTo(1.0);

    server.call("SCRIPT", "FLUSH"); // the script cache does not hold functions: nothing to reload
    assertThat(await(store.takeAndReturn(List.of(take)))).extracting(StoreResult::grantedTotal).containsExactly(4L);
    assertThat(count(registry, RedisStoreMetrics.FUNCTION_LOADS) - loadsBefore).isEqualTo(1.0);
  }

  @Test
  void aKeyOfAnotherTypeUnderThePrefixIsReplacedNotFatal() throws Exception {
    String k = key("clobbered");
    server.call("SET", store.redisKey(k), "not a bucket");
    List<StoreResult> results = await(store.takeAndReturn(List.of(
        StoreOp.take(k, 0, 10, 3, Duration.ofMinutes(1)), StoreOp.take(key("neighbour"), 0, 10, 3, Duration.ofMinutes(1)))));
    assertThat(results).extracting(StoreResult::granted).containsExactly(3L, 3L);
  }
}
