package io.leasehold.aggregator.redis;

import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.QuotaStoreContract;
import io.leasehold.testsupport.RedisServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared {@link QuotaStoreContract} against a real redis-server. */
class RedisQuotaStoreContractIT extends QuotaStoreContract {
  static RedisServer server;
  static Vertx vertx;
  static RedisQuotaStore store;

  @BeforeAll
  static void up() {
    server = RedisServer.startOrConnect();
    vertx = Vertx.vertx();
    store = RedisTestSupport.started(vertx, server);
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
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Duration timingSlack() {
    return Duration.ofMillis(250);
  }
}
