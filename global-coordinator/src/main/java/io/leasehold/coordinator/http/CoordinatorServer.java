package io.leasehold.coordinator.http;

import io.leasehold.coordinator.ConfigSnapshot;
import io.leasehold.coordinator.ConfigStore;
import io.leasehold.coordinator.CoordinatorSettings;
import io.leasehold.coordinator.LeaderElection;
import io.leasehold.coordinator.LeaderInfo;
import io.leasehold.coordinator.LeaderTerm;
import io.leasehold.coordinator.config.RulesSnapshot;
import io.leasehold.coordinator.config.RulesValidator;
import io.leasehold.coordinator.core.CentralPool;
import io.leasehold.coordinator.core.QuotaView;
import io.leasehold.coordinator.core.SyncResult;
import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.time.Clock;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's HTTP shell: {@code POST /v1/region-sync} (sync token), the admin API (admin
 * token), {@code /metrics}, {@code /healthz}, {@code /readyz}.
 *
 * <p>The {@link CentralPool} is confined to this verticle's event loop: config snapshots and
 * leadership changes hop onto it. Deploy exactly one instance. The pool answers region syncs only
 * while the election says this node leads <em>now</em> (its lease is still valid by our own clock);
 * otherwise the sync goes to the leader, by 307 or by forwarding.
 */
public final class CoordinatorServer extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorServer.class);
  private static final String FORWARDED = "X-Leasehold-Forwarded";
  private static final String SYNC_PATH = "/v1/region-sync";

  private final CoordinatorSettings settings;
  private final ConfigStore store;
  private final LeaderElection election;
  private final Clock clock;
  private final PrometheusMeterRegistry registry;
  private final MessageCodec codec = MessageCodec.json();
  private final List<Runnable> unsubscribe = new ArrayList<>();

  private CentralPool pool;
  private CoordinatorMetrics metrics;
  private long appliedRevision = -1;
  private HttpServer server;
  private WebClient client;

  public CoordinatorServer(CoordinatorSettings settings, ConfigStore store, LeaderElection election, Clock clock,
      PrometheusMeterRegistry registry) {
    this.settings = settings;
    this.store = store;
    this.election = election;
    this.clock = clock;
    this.registry = registry;
  }

  /** The port the server listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    pool = new CentralPool(settings.pool(), clock);
    metrics = new CoordinatorMetrics(registry, pool, store::connected, () -> pool.config().revision());
    client = WebClient.create(vertx);
    applySnapshot(store.current());
    unsubscribe.add(store.addListener(snapshot -> context.runOnContext(v -> applySnapshot(snapshot))));
    unsubscribe.add(election.addLeadershipListener(term -> context.runOnContext(v -> onLeadership(term))));
    election.currentTerm().ifPresent(term -> onLeadership(Optional.of(term)));

    BearerAuth syncAuth = new BearerAuth(settings.syncToken(), "region-sync");
    BearerAuth adminAuth = new BearerAuth(settings.adminToken(), "admin");
    RulesApi rules = new RulesApi(store, new RulesValidator(), context);

    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
    router.post(SYNC_PATH).handler(ctx -> {
      if (syncAuth.check(ctx)) {
        regionSync(ctx);
      }
    });
    router.route("/v1/rules*").handler(ctx -> {
      if (adminAuth.check(ctx)) {
        ctx.next();
      }
    });
    router.route("/v1/allocations").handler(ctx -> {
      if (adminAuth.check(ctx)) {
        ctx.next();
      }
    });
    router.route("/v1/debug/*").handler(ctx -> {
      if (adminAuth.check(ctx)) {
        ctx.next();
      }
    });
    router.get("/v1/rules").handler(rules::list);
    router.put("/v1/rules").handler(rules::putAll);
    router.get("/v1/rules/:id").handler(rules::get);
    router.put("/v1/rules/:id").handler(rules::put);
    router.delete("/v1/rules/:id").handler(rules::delete);
    router.get("/v1/allocations").handler(this::allocations);
    router.get("/v1/debug/quotas/:rule").handler(this::debugQuota);
    router.get("/v1/debug/quotas/:rule/:key").handler(this::debugQuota);
    router.get("/healthz").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(this::ready);
    router.get("/metrics").handler(ctx -> {
      metrics.refresh();
      ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
    });
    router.route().last().handler(ctx -> Problems.send(ctx, 404, "Not Found", "no such endpoint"));
    vertx.setPeriodic(1_000, id -> pool.expire());

    HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
        .setTcpNoDelay(true);
    if (settings.tlsCertFile() != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(settings.tlsCertFile().toString()).setKeyPath(settings.tlsKeyFile().toString()));
    }
    return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> {
      server = s;
      LOG.info("coordinator {} listening on {}:{}", settings.pool().coordinatorId(), settings.host(), s.actualPort());
    });
  }

  /** Graceful shutdown: resign first, so a standby takes over at once, then stop serving. */
  @Override
  public Future<?> stop() {
    unsubscribe.forEach(Runnable::run);
    pool.stepDown();
    Future<Void> resigned = Future.fromCompletionStage(election.resign(), context)
        .timeout(3, TimeUnit.SECONDS).recover(e -> Future.succeededFuture());
    return resigned.compose(v -> server == null ? Future.succeededFuture() : server.close())
        .onComplete(v -> client.close());
  }

  private void applySnapshot(ConfigSnapshot snapshot) {
    if (snapshot.revision() <= appliedRevision) {
      return;
    }
    RulesSnapshot rules = RulesSnapshot.of(snapshot);
    if (!rules.isValid()) {
      // Only writes that bypass the store can get here: keep enforcing the last good rules.
      metrics.configRejected.increment();
      LOG.error("config revision {} is invalid, keeping revision {}: {}", snapshot.revision(), appliedRevision,
          rules.problems());
      return;
    }
    pool.applyConfig(rules.toPoolConfig());
    appliedRevision = snapshot.revision();
  }

  private void onLeadership(Optional<LeaderTerm> term) {
    if (term.isPresent() && election.isLeader(clock.nanos())) {
      pool.becomeLeader(term.get().fencingToken());
      LOG.info("leading with fencing token {}", term.get().fencingToken());
    } else if (pool.isLeader()) {
      pool.stepDown();
      LOG.info("stepped down");
    }
  }

  /** The pool leads only while the election's lease is valid by our own clock. */
  private void checkLeadership() {
    long now = clock.nanos();
    if (pool.isLeader() && !election.isLeader(now)) {
      pool.stepDown();
      LOG.warn("lease no longer valid: stepped down");
    } else if (!pool.isLeader() && election.isLeader(now)) {
      election.currentTerm().ifPresent(term -> pool.becomeLeader(term.fencingToken()));
    }
  }

  private void regionSync(RoutingContext ctx) {
    checkLeadership();
    if (!pool.isLeader()) {
      standby(ctx);
      return;
    }
    Buffer body = ctx.body().buffer();
    Decoded<RegionSyncRequest> decoded = codec.decode(body == null ? new byte[0] : body.getBytes(),
        RegionSyncRequest.class);
    if (!decoded.isValid()) {
      metrics.syncInvalid.increment();
      JsonArray problems = new JsonArray();
      decoded.problems().forEach(p -> problems.add(
          new JsonObject().put("path", p.path()).put("value", p.value()).put("reason", p.reason())));
      Problems.send(ctx, 400, "Invalid region sync", decoded.problems().size() + " problem(s)", problems);
      return;
    }
    SyncResult result = pool.sync(decoded.toOptional().orElseThrow());
    if (result instanceof SyncResult.Answered answered) {
      ctx.response().putHeader("Content-Type", codec.mediaType()).end(Buffer.buffer(codec.encode(answered.response())));
    } else if (result instanceof SyncResult.Deposed deposed) {
      Problems.send(ctx, 409, "Deposed", "the request carries fencing token " + deposed.seenToken()
          + ", newer than this coordinator's " + deposed.ownToken() + "; sync with the current leader");
    } else {
      standby(ctx);
    }
  }

  private void standby(RoutingContext ctx) {
    Optional<LeaderInfo> leader = election.currentLeader()
        .filter(l -> !l.advertisedUrl().equals(settings.advertisedUrl()));
    if (leader.isEmpty() || ctx.request().getHeader(FORWARDED) != null) {
      ctx.response().putHeader("Retry-After", "1");
      Problems.send(ctx, 503, "No leader", "this coordinator does not lead and knows no other leader yet");
      return;
    }
    String target = leader.get().advertisedUrl() + SYNC_PATH;
    if (settings.standbyMode() == CoordinatorSettings.StandbyMode.REDIRECT) {
      metrics.syncRedirected.increment();
      ctx.response().setStatusCode(307).putHeader("Location", target)
          .putHeader("X-Leasehold-Leader", leader.get().advertisedUrl()).end();
      return;
    }
    metrics.syncForwarded.increment();
    Buffer body = ctx.body().buffer();
    client.postAbs(target)
        .putHeader("Authorization", ctx.request().getHeader("Authorization"))
        .putHeader("Content-Type", codec.mediaType())
        .putHeader(FORWARDED, settings.pool().coordinatorId())
        .timeout(settings.pool().requestDeadline().toMillis())
        .sendBuffer(body == null ? Buffer.buffer() : body)
        .onSuccess(response -> {
          String type = response.getHeader("Content-Type");
          if (type != null) {
            ctx.response().putHeader("Content-Type", type);
          }
          ctx.response().setStatusCode(response.statusCode())
              .end(response.body() == null ? Buffer.buffer() : response.body());
        })
        .onFailure(e -> Problems.send(ctx, 502, "Bad Gateway", "forwarding to the leader failed: " + e.getMessage()));
  }

  private void allocations(RoutingContext ctx) {
    checkLeadership();
    JsonObject body = new JsonObject()
        .put("coordinator_id", settings.pool().coordinatorId())
        .put("leader", pool.isLeader())
        .put("fencing_token", pool.fencingToken())
        .put("config_revision", pool.config().revision())
        .put("reserving_for_failover", pool.reservingForFailover())
        .put("quotas", ViewJson.quotas(pool.allocations()));
    election.currentLeader().ifPresent(l -> body.put("leader_url", l.advertisedUrl()));
    json(ctx, 200, body);
  }

  private void debugQuota(RoutingContext ctx) {
    String ruleId = ctx.pathParam("rule");
    String key = ctx.pathParam("key") == null ? "" : ctx.pathParam("key");
    var rule = pool.rule(ruleId);
    if (rule.isEmpty()) {
      Problems.send(ctx, 404, "Not Found", "no global rule with id " + ruleId + " at config revision "
          + pool.config().revision());
      return;
    }
    List<QuotaView> views = pool.quota(ruleId, key);
    JsonObject body = new JsonObject().put("rule_id", ruleId).put("key", key).put("leader", pool.isLeader())
        .put("config_revision", pool.config().revision());
    if (!key.isEmpty() && rule.get().perKey()) {
      body.put("hot", !views.isEmpty());
      if (views.isEmpty()) {
        // Not hot: every region applies its default share of the rule to this key.
        body.put("default_share", ViewJson.quotas(pool.quota(ruleId, "")));
      }
    }
    body.put("quotas", ViewJson.quotas(views));
    json(ctx, 200, body);
  }

  private void ready(RoutingContext ctx) {
    checkLeadership();
    Optional<LeaderInfo> leader = election.currentLeader();
    boolean ready = pool.isLeader() || leader.isPresent();
    JsonObject body = new JsonObject().put("ready", ready).put("leader", pool.isLeader())
        .put("config_revision", pool.config().revision()).put("etcd_connected", store.connected());
    leader.ifPresent(l -> body.put("leader_url", l.advertisedUrl()));
    json(ctx, ready ? 200 : 503, body);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
