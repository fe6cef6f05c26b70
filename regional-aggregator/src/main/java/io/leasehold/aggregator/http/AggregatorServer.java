package io.leasehold.aggregator.http;

import io.leasehold.aggregator.AggregatorConfig;
import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.redis.RedisQuotaStore;
import io.leasehold.aggregator.redis.RedisQuotaStoreOptions;
import io.leasehold.aggregator.store.InMemoryQuotaStore;
import io.leasehold.model.time.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * A running aggregator: Vert.x, the regional store (Redis, or in-process for {@code memory:}),
 * and the {@link AggregatorVerticle}. {@link #close()} shuts down gracefully: the server stops
 * accepting, in-flight syncs finish within the grace period, then the store and Vert.x close.
 */
public final class AggregatorServer {
  private static final Logger LOG = Logger.getLogger(AggregatorServer.class.getName());

  private final Vertx vertx;
  private final QuotaStore store;
  private final PrometheusMeterRegistry registry;
  private final String deploymentId;
  private final int port;
  private final boolean ownsVertx;

  private AggregatorServer(Vertx vertx, QuotaStore store, PrometheusMeterRegistry registry, String deploymentId,
      int port, boolean ownsVertx) {
    this.vertx = vertx;
    this.store = store;
    this.registry = registry;
    this.deploymentId = deploymentId;
    this.port = port;
    this.ownsVertx = ownsVertx;
  }

  /** Starts an aggregator on a Vert.x instance of its own. */
  public static Future<AggregatorServer> start(AggregatorConfig config, RulesCompiler compiler) {
    return start(Vertx.vertx(), true, config, compiler);
  }

  /** Starts an aggregator on {@code vertx}, which the caller keeps (tests run several in one). */
  public static Future<AggregatorServer> start(Vertx vertx, AggregatorConfig config, RulesCompiler compiler) {
    return start(vertx, false, config, compiler);
  }

  private static Future<AggregatorServer> start(Vertx vertx, boolean ownsVertx, AggregatorConfig config,
      RulesCompiler compiler) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(compiler, "compiler");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    QuotaStore store;
    Future<Void> storeReady;
    if (config.inMemoryStore()) {
      store = new InMemoryQuotaStore(Clock.system());
      storeReady = Future.succeededFuture();
    } else {
      RedisQuotaStoreOptions.Builder options = RedisQuotaStoreOptions.builder(config.redisUrl())
          .keyPrefix(config.redisKeyPrefix() + ":" + config.region())
          .callTimeout(config.redisTimeout());
      config.redisAuthToken().ifPresent(options::password);
      config.redisCaPem().ifPresent(options::caPem);
      if (config.redisCluster()) {
        options.cluster();
      }
      RedisQuotaStore redis = RedisQuotaStore.create(vertx, options.build(), registry, Clock.system());
      store = redis;
      // a Redis that is down at start-up is not fatal: the library is loaded lazily on first use
      storeReady = redis.start().recover(err -> {
        LOG.warning(() -> "redis not reachable at start-up (" + err.getMessage() + "); serving degraded until it is");
        return Future.succeededFuture();
      });
    }
    AtomicReference<Integer> boundPort = new AtomicReference<>();
    return storeReady
        .compose(v -> vertx.deployVerticle(new AggregatorVerticle(config, store, registry, compiler, boundPort),
            new DeploymentOptions()))
        .map(id -> new AggregatorServer(vertx, store, registry, id, boundPort.get(), ownsVertx))
        .recover(err -> store.close().transform(ignored -> {
          Future<Void> closed = ownsVertx ? vertx.close() : Future.succeededFuture();
          return closed.transform(x -> Future.<AggregatorServer>failedFuture(err));
        }));
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Graceful shutdown. */
  public Future<Void> close() {
    Future<Void> undeployed = vertx.undeploy(deploymentId);
    return undeployed.eventually(store::close)
        .eventually(() -> ownsVertx ? vertx.close() : Future.succeededFuture());
  }
}
