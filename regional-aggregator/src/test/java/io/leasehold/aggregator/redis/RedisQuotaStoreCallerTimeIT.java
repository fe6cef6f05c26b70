package io.leasehold.aggregator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.aggregator.BucketSnapshot;
import io.leasehold.aggregator.QuotaStoreException;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.aggregator.store.InMemoryQuotaStore;
import io.leasehold.model.time.Clock;
import io.leasehold.model.time.ManualClock;
import io.leasehold.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TimeSource#caller}: buckets follow the caller's clock, never Redis's {@code TIME}. */
class RedisQuotaStoreCallerTimeIT {
  static RedisServer server;
  static Vertx vertx;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final ManualClock clock = new ManualClock(5_000_000_000L);

  @BeforeAll
  static void up() {
    server = RedisServer.startOrConnect();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void down() throws Exception {
    RedisTestSupport.closeAll(null, vertx, server);
  }

  private RedisQuotaStore store(Clock callerClock) {
    return RedisTestSupport.started(vertx, RedisTestSupport.options(server).keyPrefix("leasehold-caller-" + run)
        .timeSource(TimeSource.caller(callerClock)).build(), new SimpleMeterRegistry(), Clock.system());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  private static StoreResult one(RedisQuotaStore store, StoreOp op) throws Exception {
    return await(store.takeAndReturn(List.of(op))).get(0);
  }

  @Test
  void aFrozenCallerClockRefillsNothingWhileWallTimePasses() throws Exception {
    RedisQuotaStore store = store(clock);
    StoreOp drain = StoreOp.take("frozen", StoreOp.tokensPerSecond(1_000), 1_000, 1_000, Duration.ofMinutes(1));
    assertThat(one(store, drain).granted()).isEqualTo(1_000);
    Thread.sleep(300); // 300 tokens' worth on Redis's TIME
    assertThat(one(store, drain).granted()).isZero();
    store.close();
  }

  @Test
  void theRefillIsExactlyTheCallerClocksElapsedTime() throws Exception {
    RedisQuotaStore store = store(clock);
    // 3 tokens/s: 1 ms refills 3 milli-tokens, so whole tokens appear at the exact instants
    StoreOp take = StoreOp.take("exact", StoreOp.tokensPerSecond(3), 100, 100, Duration.ofMinutes(1));
    assertThat(one(store, take).granted()).isEqualTo(100);
    clock.advanceMillis(333);
    assertThat(one(store, take).granted()).isZero(); // 999 milli-tokens
    clock.advanceMillis(1);
    assertThat(one(store, take).granted()).isEqualTo(1); // 1002
    clock.advance(Duration.ofHours(1)); // an hour no wall clock waited for: full again
    assertThat(one(store, take).granted()).isEqualTo(100);
    store.close();
  }

  @Test
  void theIdleTtlRunsOnTheCallerClockAndRedisSetsNoExpiry() throws Exception {
    RedisQuotaStore store = store(clock);
    StoreOp op = new StoreOp("idle", 0, 10, 4, 0, 2, Duration.ofSeconds(30));
    one(store, op);
    assertThat(server.call("PTTL", store.redisKey("idle"))).isEqualTo(-1L);
    clock.advance(Duration.ofSeconds(20));
    assertThat(await(store.peek("idle"))).map(BucketSnapshot::ttlMillis).contains(10_000L);
    assertThat(one(store, op).grantedTotal()).isEqualTo(8); // re-armed: 30 s from now
    clock.advance(Duration.ofSeconds(30));
    assertThat(await(store.peek("idle"))).map(BucketSnapshot::ttlMillis).contains(0L);
    clock.advanceNanos(1_000);
    assertThat(await(store.peek("idle"))).isEmpty();
    StoreResult fresh = one(store, op);
    assertThat(fresh.grantedTotal()).isEqualTo(4);
    assertThat(fresh.consumedTotal()).isEqualTo(2);
    store.close();
  }

  @Test
  void aCallerClockOutsideLuasExactRangeFailsTheCallWithItsValue() throws Exception {
    RedisQuotaStore store = store(() -> -2_000L);
    StoreOp op = StoreOp.take("negative", 0, 1, 1, Duration.ofMinutes(1));
    assertThatThrownBy(() -> await(store.takeAndReturn(List.of(op))))
        .isInstanceOf(QuotaStoreException.class)
        .hasMessageContaining("redis.timeSource")
        .hasMessageContaining("-2000 ns");
    assertThat(store.circuitState()).isEqualTo(io.leasehold.aggregator.CircuitState.CLOSED);
    store.close();
  }

  @Test
  void randomOpSequencesGetExactlyTheInMemoryStoresResults() throws Exception {
    RedisQuotaStore redis = store(clock);
    InMemoryQuotaStore memory = new InMemoryQuotaStore(clock);
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 200; round++) {
      clock.advanceNanos(random.nextLong(0, 400_000_000L)); // sub-µs parts included
      List<StoreOp> ops = new ArrayList<>();
      for (int i = random.nextInt(1, 8); i > 0; i--) {
        String key = "parity-" + random.nextInt(6);
        long rate = random.nextBoolean() ? StoreOp.tokensPerSecond(random.nextLong(0, 2_000))
            : random.nextLong(0, 10_000_000L); // fractional tokens/s
        ops.add(new StoreOp(key, rate, random.nextLong(1, 500), random.nextLong(0, 300), random.nextLong(0, 50),
            random.nextLong(0, 300), Duration.ofMillis(random.nextLong(500, 5_000))));
      }
      assertThat(await(redis.takeAndReturn(ops))).as("round %d: %s", round, ops)
          .isEqualTo(await(memory.takeAndReturn(ops)));
    }
    redis.close();
  }
}
