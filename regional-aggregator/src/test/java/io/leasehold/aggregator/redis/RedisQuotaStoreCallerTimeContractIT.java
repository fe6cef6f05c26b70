package io.leasehold.aggregator.redis;

import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.QuotaStoreContract;
import io.leasehold.model.time.Clock;
import io.leasehold.model.time.ManualClock;
import io.leasehold.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared {@link QuotaStoreContract} against a real redis-server in caller-time mode, on a
 * manual clock: with no wall time involved, Redis must meet the in-memory store's exact figures
 * (zero slack), refills and idle expiry included.
 */
class RedisQuotaStoreCallerTimeContractIT extends QuotaStoreContract {
  static RedisServer server;
  static Vertx vertx;
  static RedisQuotaStore store;
  static final ManualClock clock = new ManualClock(1_000_000_000L);

  @BeforeAll
  static void up() {
    server = RedisServer.startOrConnect();
    vertx = Vertx.vertx();
    store = RedisTestSupport.started(vertx, RedisTestSupport.options(server)
        .keyPrefix("leasehold-caller-contract").timeSource(TimeSource.caller(clock)).build(),
        new SimpleMeterRegistry(), Clock.system());
  }

  @AfterAll
  static void down() throws Exception {
    RedisTestSupport.closeAll(store, vertx, server);
  }

  @Override
  protected QuotaStore store() {
    return store;
  }

  @Override
  protected void elapse(Duration d) {
    clock.advance(d);
  }

  @Override
  protected Duration timingSlack() {
    return Duration.ZERO;
  }
}
