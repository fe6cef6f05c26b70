package io.leasehold.aggregator.redis;

import static io.leasehold.aggregator.redis.RedisTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.aggregator.CircuitState;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.aggregator.StoreUnavailableException;
import io.leasehold.model.time.ManualClock;
import io.leasehold.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis outages: deadlines, the circuit breaker and recovery. The breaker runs on a manual clock,
 * so open → half-open is stepped, not waited for.
 */
class RedisQuotaStoreOutageIT {
  static final Duration CALL_TIMEOUT = Duration.ofMillis(300);
  static final BreakerSettings BREAKER = new BreakerSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(4));
  static RedisServer server;
  static Vertx vertx;

  private final ManualClock clock = new ManualClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void up() {
    server = RedisServer.startOrConnect();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void down() throws Exception {
    RedisTestSupport.closeAll(null, vertx, server);
  }

  private RedisQuotaStore newStore() {
    return RedisTestSupport.started(vertx,
        RedisQuotaStoreOptions.builder(server.url()).callTimeout(CALL_TIMEOUT).breaker(BREAKER).build(),
        registry, clock);
  }

  private static final StoreOp TAKE = StoreOp.take("outage:q", 0, 100, 1, Duration.ofMinutes(1));

  private static Throwable failureOf(RedisQuotaStore store) {
    try {
      store.takeAndReturn(List.of(TAKE)).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }

  @Test
  void aStalledRedisFailsTheCallAtItsDeadline() throws Exception {
    RedisQuotaStore store = newStore();
    try {
      server.call("CLIENT", "PAUSE", "3000", "WRITE"); // FCALL of a writing function now blocks
      long started = System.nanoTime();
      Throwable failure = failureOf(store);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      server.call("CLIENT", "UNPAUSE");

      assertThat(failure).isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(TimeoutException.class);
      // the deadline, not the 3 s pause, ended the call (bound kept loose for a loaded machine)
      assertThat(tookMillis).isLessThan(2_500);
      assertThat(count(registry, RedisStoreMetrics.FAILURES)).isEqualTo(1.0);
      assertThat(store.circuitState()).isEqualTo(CircuitState.CLOSED); // one failure < threshold of 2
    } finally {
      server.call("CLIENT", "UNPAUSE");
      store.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void anOutageOpensTheCircuitAndRecoveryClosesIt() throws Exception {
    Assumptions.assumeTrue(server.owned(), "needs a redis-server this test can stop and start");
    RedisQuotaStore store = newStore();
    try {
      assertThat(store.takeAndReturn(List.of(TAKE)).await(5, TimeUnit.SECONDS)).hasSize(1);
      server.stop();

      for (int i = 0; i < BREAKER.failureThreshold(); i++) {
        long started = System.nanoTime();
        assertThat(failureOf(store)).isInstanceOf(StoreUnavailableException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_500);
      }
      assertThat(store.circuitState()).isEqualTo(CircuitState.OPEN);
      assertThat(store.isAvailable()).isFalse();

      double tripsWhileOpen = count(registry, RedisStoreMetrics.ROUND_TRIPS);
      assertThat(failureOf(store)).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("circuit is open");
      assertThat(count(registry, RedisStoreMetrics.ROUND_TRIPS)).isEqualTo(tripsWhileOpen);
      assertThat(count(registry, RedisStoreMetrics.REJECTED)).isEqualTo(1.0);

      server.start(); // an empty Redis: no data, no functions
      assertThat(failureOf(store)).hasMessageContaining("circuit is open"); // still open: no time passed

      clock.advance(BREAKER.openDuration());
      assertThat(store.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
      double loadsBefore = count(registry, RedisStoreMetrics.FUNCTION_LOADS);
      List<StoreResult> recovered = null;
      for (int probe = 0; probe < 5 && recovered == null; probe++) {
        try {
          recovered = store.takeAndReturn(List.of(TAKE)).await(5, TimeUnit.SECONDS);
        } catch (StoreUnavailableException stalePooledConnection) {
          clock.advance(BREAKER.maxOpenDuration()); // a failed probe reopens the circuit for longer
        }
      }
      assertThat(recovered).isNotNull();
      assertThat(recovered.get(0).grantedTotal()).isEqualTo(1); // a fresh bucket in the restarted Redis
      assertThat(store.circuitState()).isEqualTo(CircuitState.CLOSED);
      assertThat(count(registry, RedisStoreMetrics.FUNCTION_LOADS) - loadsBefore).isEqualTo(1.0);
    } finally {
      if (server.owned()) {
        server.start();
      }
      store.close().await(5, TimeUnit.SECONDS);
    }
  }
}
