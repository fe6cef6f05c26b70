package io.leasehold.aggregator.http;

import io.leasehold.aggregator.AggregatorConfig;
import io.leasehold.aggregator.AggregatorConfigException;
import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.core.LeaserSettings;
import io.leasehold.aggregator.core.LeaserStats;
import io.leasehold.aggregator.core.RegionLeaser;
import io.leasehold.model.time.Clock;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The aggregator shell on one event loop: the {@link RegionLeaser} is confined to it, with the HTTP
 * server ({@code /v1/sync}, {@code /healthz}, {@code /readyz}, {@code /metrics}), the store batcher
 * and the coordinator loop. One instance per process: its work is per edge sync, not per decision.
 */
final class AggregatorVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(AggregatorVerticle.class.getName());
  /** Revision given to rules read from {@code rules_file}; any coordinator revision replaces them. */
  static final long FILE_RULES_REVISION = 1;

  private final AggregatorConfig config;
  private final QuotaStore store;
  private final PrometheusMeterRegistry registry;
  private final RulesCompiler compiler;
  private final AtomicReference<Integer> boundPort;
  private RegionLeaser leaser;
  private AggregatorMetrics metrics;
  private HttpServer server;
  private HttpClient coordinatorClient;
  private CoordinatorLink coordinator;
  private long housekeeping = -1;
  private volatile boolean rulesLoaded;
  private volatile boolean stopping;

  AggregatorVerticle(AggregatorConfig config, QuotaStore store, PrometheusMeterRegistry registry,
      RulesCompiler compiler, AtomicReference<Integer> boundPort) {
    this.config = config;
    this.store = store;
    this.registry = registry;
    this.compiler = compiler;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    LeaserSettings settings = LeaserSettings.defaults(config.region(), config.aggregatorId())
        .withCoordinated(config.coordinatorUrl().isPresent())
        .withEmergencyPermille(config.emergencyPermille())
        .withLeaseTiming(config.leaseTtl(), config.prefetchHorizon(), config.edgeSyncInterval())
        // wall time only seeds the epoch counter, so epochs keep rising across restarts; never used for TTLs
        .withEpochSeed(System.currentTimeMillis() * 1000);
    leaser = new RegionLeaser(settings, Clock.system());
    metrics = new AggregatorMetrics(registry, store);
    if (config.rulesFile().isPresent()) {
      try {
        String document = Files.readString(config.rulesFile().get());
        leaser.updateRules(compiler.compile(document), FILE_RULES_REVISION, Optional.of(document));
        rulesLoaded = true;
      } catch (IOException e) {
        return Future.failedFuture(new AggregatorConfigException(java.util.List.of(
            "rules_file: \"" + config.rulesFile().get() + "\": cannot be read: " + e.getMessage())));
      } catch (AggregatorConfigException e) {
        return Future.failedFuture(e);
      }
    }
    StoreBatcher batcher = new StoreBatcher(context, store, leaser, config.maxInFlightStoreCalls(), 1000,
        metrics.storeBatchOps::record);
    BearerAuth auth = BearerAuth.of(config.syncToken());
    Router router = Router.router(vertx);
    router.get("/healthz").handler(rc -> json(rc, 200, new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(this::ready);
    router.get("/metrics").handler(rc -> rc.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
    router.post("/v1/sync")
        .handler(rc -> {
          if (auth.accepts(rc.request().getHeader("Authorization"))) {
            rc.next();
          } else {
            metrics.syncUnauthorized.increment();
            Problems.send(rc.response(), 401, "unauthorized", "Unauthorized",
                "a valid 'Authorization: Bearer <token>' header is required");
          }
        });
    // a route of its own, so that unauthenticated bodies are never read (a route's body handler must come first)
    router.post("/v1/sync")
        .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
        .handler(new SyncHandler(leaser, batcher, metrics, () -> { }))
        .failureHandler(this::failure);
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setTcpNoDelay(true).setCompressionSupported(true);
    config.tls().ifPresent(tls -> options.setSsl(true).setKeyCertOptions(
        new PemKeyCertOptions().setCertPath(tls.certPem().toString()).setKeyPath(tls.keyPem().toString())));
    housekeeping = vertx.setPeriodic(1000, id -> {
      leaser.tick();
      publish();
    });
    config.coordinatorUrl().ifPresent(url -> {
      HttpClientOptions clientOptions = new HttpClientOptions().setConnectTimeout((int) config.coordinatorTimeout().toMillis())
          .setKeepAlive(true);
      if ("https".equals(url.getScheme())) {
        clientOptions.setSsl(true).setVerifyHost(true);
        config.coordinatorCaPem().ifPresent(ca -> clientOptions.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
      }
      coordinatorClient = vertx.createHttpClient(clientOptions);
      coordinator = new CoordinatorLink(vertx, coordinatorClient, url, config.syncToken(), config.coordinatorInterval(),
          config.coordinatorTimeout(), leaser, metrics, this::newRules);
      coordinator.start();
    });
    return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> {
      server = s;
      boundPort.set(s.actualPort());
      LOG.info(() -> "aggregator " + config + " listening on port " + s.actualPort());
    });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (housekeeping >= 0) {
      vertx.cancelTimer(housekeeping);
    }
    if (coordinator != null) {
      coordinator.stop();
    }
    Future<Void> drained = server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    return drained.eventually(() -> coordinatorClient == null ? Future.succeededFuture() : coordinatorClient.close());
  }

  private void newRules(String document, long revision) {
    try {
      leaser.updateRules(compiler.compile(document), revision, Optional.of(document));
      rulesLoaded = true;
      LOG.info(() -> "rules at revision " + revision + " in force");
    } catch (AggregatorConfigException e) {
      metrics.rulesRejected.increment();
      LOG.warning(() -> "rules at revision " + revision + " rejected; keeping revision " + leaser.configRevision()
          + ": " + e.getMessage());
    }
  }

  private void publish() {
    LeaserStats stats = leaser.stats();
    metrics.publish(stats, leaser.degraded());
  }

  private void ready(RoutingContext rc) {
    boolean storeUp = store.isAvailable();
    boolean ready = !stopping && storeUp && rulesLoaded;
    json(rc, ready ? 200 : 503, new JsonObject().put("ready", ready).put("store_available", storeUp)
        .put("rules_loaded", rulesLoaded).put("config_revision", leaser.configRevision())
        .put("degraded", leaser.degraded()).put("stopping", stopping));
  }

  private void failure(RoutingContext rc) {
    int status = rc.statusCode();
    if (status == 413) {
      Problems.send(rc.response(), 413, "request-too-large", "Request too large",
          "the body exceeds server.max_body_bytes (" + config.maxBodyBytes() + " bytes)");
    } else if (status >= 400 && status < 500) {
      Problems.send(rc.response(), status, "bad-request", "Bad request", "the request could not be read");
    } else {
      LOG.warning(() -> "sync failed: " + rc.failure());
      Problems.send(rc.response(), 500, "internal", "Internal error", "the aggregator could not complete the sync");
    }
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
