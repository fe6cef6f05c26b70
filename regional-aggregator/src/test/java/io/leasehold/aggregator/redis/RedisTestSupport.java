package io.leasehold.aggregator.redis;

import io.leasehold.model.time.Clock;
import io.leasehold.testsupport.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Builds started {@link RedisQuotaStore}s on the test Redis. */
final class RedisTestSupport {
  private RedisTestSupport() {}

  static RedisQuotaStoreOptions.Builder options(RedisServer server) {
    // generous: a cold JVM on a shared CI core can take a while for the first 1000-op batch
    return RedisQuotaStoreOptions.builder(server.url()).callTimeout(Duration.ofSeconds(3));
  }

  static RedisQuotaStore started(Vertx vertx, RedisQuotaStoreOptions options, MeterRegistry registry, Clock clock) {
    RedisQuotaStore store = RedisQuotaStore.create(vertx, options, registry, clock);
    try {
      store.start().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not load the leasehold library into " + options.endpoints(), e);
    }
    return store;
  }

  static RedisQuotaStore started(Vertx vertx, RedisServer server) {
    return started(vertx, options(server).build(), new SimpleMeterRegistry(), Clock.system());
  }

  /** Closes whatever a test class started, in reverse order; any of them may be null. */
  static void closeAll(RedisQuotaStore store, Vertx vertx, RedisServer server) throws Exception {
    if (store != null) {
      store.close().await(5, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  static double count(MeterRegistry registry, String name) {
    return registry.get(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
