package io.leasehold.edge.http;

import io.leasehold.edge.EdgeConfig;
import io.leasehold.edge.EdgeConfigException;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.client.AggregatorClient;
import io.leasehold.edge.client.SyncLoop;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.time.Clock;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running sidecar: the core, its sync loop, and one HTTP verticle per event loop. {@link #close}
 * shuts down gracefully: readiness fails, the servers stop accepting and finish in-flight requests
 * (up to {@code shutdown_timeout}), then a final sync returns every unused token.
 */
public final class EdgeServer {
  private final Vertx vertx;
  private final EdgeRuntime runtime;
  private final AggregatorClient client;
  private final String deploymentId;
  private final HttpServer adminServer;
  private final AtomicBoolean draining;

  private EdgeServer(Vertx vertx, EdgeRuntime runtime, AggregatorClient client, String deploymentId,
      HttpServer adminServer, AtomicBoolean draining) {
    this.vertx = vertx;
    this.runtime = runtime;
    this.client = client;
    this.deploymentId = deploymentId;
    this.adminServer = adminServer;
    this.draining = draining;
  }

  /** Loads the local rules (if any), starts syncing and listening. Fails with {@link EdgeConfigException} for bad rules. */
  public static Future<EdgeServer> start(Vertx vertx, EdgeConfig config, Clock clock) {
    RuleSet rules;
    try {
      rules = config.rulesFile().map(EdgeServer::readRules).orElse(RuleSet.EMPTY);
    } catch (EdgeConfigException e) {
      return Future.failedFuture(e);
    }
    boolean localRules = config.rulesFile().isPresent();
    EdgeLimiter limiter = EdgeLimiter.create(config.settings(), rules, 0, clock);
    EdgeMetrics metrics = new EdgeMetrics(limiter);
    AggregatorClient client = null;
    SyncLoop syncLoop = null;
    if (!config.standalone()) {
      client = new AggregatorClient(vertx, config.aggregator(), clock);
      syncLoop = new SyncLoop(vertx, limiter, client, config.aggregator(), metrics, clock, new SplittableRandom());
    }
    AtomicBoolean draining = new AtomicBoolean();
    SyncLoop loop = syncLoop;
    EdgeRuntime runtime = new EdgeRuntime(config, limiter, metrics, syncLoop,
        new Decider(vertx, limiter, metrics, syncLoop, clock),
        () -> !draining.get() && (localRules || limiter.configRevision() > 0)
            && (config.standalone() || localRules || loop.everSucceeded()));
    if (syncLoop != null) {
      syncLoop.start();
    }
    int instances = config.instances() > 0 ? config.instances() : Runtime.getRuntime().availableProcessors();
    AggregatorClient aggregatorClient = client;
    Future<HttpServer> admin = config.adminPort() == 0 ? Future.succeededFuture(null) : startAdmin(vertx, runtime);
    return admin.compose(adminServer -> vertx
        .deployVerticle(() -> new SidecarVerticle(runtime), new DeploymentOptions().setInstances(instances))
        .map(id -> new EdgeServer(vertx, runtime, aggregatorClient, id, adminServer, draining)));
  }

  private static Future<HttpServer> startAdmin(Vertx vertx, EdgeRuntime runtime) {
    Router router = Router.router(vertx);
    AdminRoutes.mount(router, runtime);
    return vertx.createHttpServer(new HttpServerOptions().setHost(runtime.config.listenHost())
        .setPort(runtime.config.adminPort())).requestHandler(router).listen();
  }

  private static RuleSet readRules(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new EdgeConfigException(List.of("rules_file: " + path + ": cannot be read (" + e.getMessage() + ")"));
    }
    ConfigResult<RuleSet> parsed = RuleConfig.parseYaml(text);
    if (!parsed.isValid()) {
      List<String> problems = new ArrayList<>();
      parsed.problems().forEach(p -> problems.add(path.getFileName() + ": " + p));
      throw new EdgeConfigException(problems);
    }
    return parsed.value();
  }

  /** The port the sidecar listens on (the real one when configured as 0). */
  public int port() {
    return runtime.servers.get(0).actualPort();
  }

  /** The admin port, when the admin endpoints have their own listener. */
  public Optional<Integer> adminPort() {
    return Optional.ofNullable(adminServer).map(HttpServer::actualPort);
  }

  public EdgeLimiter limiter() {
    return runtime.limiter;
  }

  public EdgeMetrics metrics() {
    return runtime.metrics;
  }

  /** Graceful shutdown; the final sync is bounded by the aggregator timeout and its replicas. */
  public Future<Void> close() {
    draining.set(true);
    long graceMillis = runtime.config.shutdownTimeout().toMillis();
    List<Future<Void>> stopping = new ArrayList<>();
    for (HttpServer server : runtime.servers) {
      stopping.add(server.shutdown(graceMillis, TimeUnit.MILLISECONDS));
    }
    return Future.join(stopping)
        .transform(x -> runtime.syncLoop == null ? Future.<Void>succeededFuture() : runtime.syncLoop.stop())
        .transform(x -> client == null ? Future.<Void>succeededFuture() : client.close())
        .transform(x -> vertx.undeploy(deploymentId))
        .transform(x -> adminServer == null ? Future.<Void>succeededFuture() : adminServer.close())
        .mapEmpty();
  }
}
