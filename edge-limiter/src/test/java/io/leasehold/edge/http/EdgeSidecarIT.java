package io.leasehold.edge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leasehold.edge.EdgeConfig;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.rules.KeySpec;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.OnUnavailable;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.ThinSharePolicy;
import io.leasehold.model.rules.UnseenKeyPolicy;
import io.leasehold.model.time.Clock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sidecar in front of a small upstream on loopback, syncing with a fake aggregator that is a
 * real HTTP server (issue 3, acceptance).
 */
class EdgeSidecarIT {
  private static final String TOKEN = "s3cret";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final Vertx vertx = Vertx.vertx();
  private final WebClient http = WebClient.create(vertx);
  private final AtomicInteger upstreamHits = new AtomicInteger();
  private final Map<String, String> upstreamSawKey = new ConcurrentHashMap<>();
  private final AtomicLong epochs = new AtomicLong();
  private HttpServer upstream;
  private FakeAggregator aggregator;
  private EdgeServer edge;
  private int aggregatorPort;

  private static final Rule API = Rule.builder("api").match(Match.path("/api/**")).key(KeySpec.header("X-Api-Key"))
      .limits(Limit.of(Rate.perMinute(5), 5)).unseenKey(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(1000))).build();
  private static final Rule DENY = Rule.builder("closed").match(Match.path("/deny/**"))
      .limits(Limit.of(Rate.perSecond(1000))).onUnavailable(OnUnavailable.DENY)
      .unseenKey(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(1000))).build();
  private static final Rule ALLOW = Rule.builder("open").match(Match.path("/open/**"))
      .limits(Limit.of(Rate.perSecond(1000))).onUnavailable(OnUnavailable.ALLOW)
      .unseenKey(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(1000))).build();

  /** 1/s per key with thin_share: hold: at a 50 ms sync interval, an edge's share is a twentieth of a token. */
  private static final Rule THIN = Rule.builder("thin").match(Match.path("/thin/**")).key(KeySpec.header("X-Api-Key"))
      .limits(Limit.of(Rate.perSecond(1), 1)).unseenKey(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(1000)))
      .thinShare(ThinSharePolicy.holdUpTo(Duration.ofMillis(1000))).build();
  /** Tokens the fake aggregator leases to held thin-share requests. */
  private final AtomicInteger thinTokens = new AtomicInteger();

  /**
   * Each api key gets one lease of 5 tokens for a minute; the aggregate rules 100 tokens per
   * second-long lease; a thin key one token at first, then one per held request while
   * {@link #thinTokens} lasts.
   */
  private Lease lease(QuotaReport report) {
    QuotaId quota = report.quota();
    if (quota.ruleId().equals("thin")) {
      boolean first = report.ackEpoch() == 0;
      if (!first && (report.held() == 0 || thinTokens.getAndUpdate(n -> Math.max(0, n - 1)) == 0)) {
        return new Lease(quota, 0, 1_000_000, 1, epochs.incrementAndGet(), 60_000, 0);
      }
      return new Lease(quota, 1, 1_000_000, 1, epochs.incrementAndGet(), 60_000, 0);
    }
    if (quota.ruleId().equals("api")) {
      return report.ackEpoch() == 0 ? new Lease(quota, 5, 0, 5, epochs.incrementAndGet(), 60_000, 0) : null;
    }
    return new Lease(quota, 100, 0, 1000, epochs.incrementAndGet(), 1_000, 0);
  }

  @BeforeEach
  void start() throws IOException {
    upstream = vertx.createHttpServer().requestHandler(req -> {
      upstreamHits.incrementAndGet();
      upstreamSawKey.put(req.path(), String.valueOf(req.getHeader("X-Api-Key")));
      req.response().putHeader("X-Upstream", "yes").end("hello from upstream");
    }).listen(0, "127.0.0.1").await();
    aggregatorPort = freePort();
    aggregator = new FakeAggregator(vertx, TOKEN, RuleSet.of(API, DENY, ALLOW, THIN).toJson(), 7, this::lease)
        .start(aggregatorPort);
    String yaml = """
        listen: { host: 127.0.0.1, port: %d }
        upstream: { url: "http://127.0.0.1:%d", timeout: 5s }
        edge_id: edge-it
        region: test
        instances: 2
        aggregator:
          urls: [ "http://127.0.0.1:%d" ]
          sync_interval: 50ms
          timeout: 300ms
          backoff_initial: 50ms
          backoff_max: 200ms
          breaker_failures: 1000
        limits: { lease_safety_margin: 100ms }
        shutdown_timeout: 2s
        """.formatted(freePort(), upstream.actualPort(), aggregatorPort);
    EdgeConfig config = EdgeConfig.parse(yaml, Map.of("LEASEHOLD_SYNC_TOKEN", TOKEN));
    edge = EdgeServer.start(vertx, config, Clock.system()).await();
    await().atMost(WAIT).until(() -> get("/readyz", null).statusCode() == 200);
  }

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close().await();
    }
    aggregator.close();
    vertx.close().await();
  }

  private HttpResponse<Buffer> get(String path, String apiKey) {
    var request = http.get(edge.port(), "127.0.0.1", path).timeout(10_000);
    if (apiKey != null) {
      request.putHeader("X-Api-Key", apiKey);
    }
    return request.send().await();
  }

  private HttpResponse<Buffer> check(String body) {
    return http.post(edge.port(), "127.0.0.1", "/v1/check").timeout(10_000).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await();
  }

  @Test
  void allowedRequestsReachTheUpstreamWithHeadersAndAKeyOverItsLimitGets429() {
    for (int i = 1; i <= 5; i++) {
      HttpResponse<Buffer> ok = get("/api/items/" + i, "alice");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.bodyAsString()).isEqualTo("hello from upstream");
      assertThat(ok.getHeader("X-Upstream")).isEqualTo("yes");
      assertThat(ok.getHeader("RateLimit-Policy")).isEqualTo("\"api\";q=5;w=60");
      assertThat(ok.getHeader("RateLimit")).startsWith("\"api\";r=" + (5 - i) + ";t=");
      assertThat(ok.getHeader("X-RateLimit-Limit")).isEqualTo("5");
      assertThat(ok.getHeader("X-RateLimit-Remaining")).isEqualTo(Integer.toString(5 - i));
      assertThat(upstreamSawKey.get("/api/items/" + i)).isEqualTo("alice");
    }
    assertThat(upstreamHits).hasValue(5);

    HttpResponse<Buffer> limited = get("/api/items/6", "alice");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(upstreamHits).hasValue(5);
    // The lease has no refill: more tokens come with a later lease, at the rule's pace of 1 per 12 s.
    assertThat(limited.getHeader("Retry-After")).isEqualTo("12");
    assertThat(limited.getHeader("RateLimit")).isEqualTo("\"api\";r=0;t=12");
    assertThat(limited.getHeader("RateLimit-Policy")).isEqualTo("\"api\";q=5;w=60");
    assertThat(limited.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(limited.getHeader("X-RateLimit-Reset")).isEqualTo("12");
    assertThat(limited.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(limited.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject problem = limited.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo(Problems.QUOTA_EXCEEDED);
    assertThat(problem.getInteger("status")).isEqualTo(429);
    assertThat(problem.getJsonArray("violated-policies").getList()).containsExactly("api");

    assertThat(get("/api/items/7", "bob").statusCode()).isEqualTo(200); // another key has its own quota
    assertThat(aggregator.unauthorized).isEmpty();
    assertThat(aggregator.received).allSatisfy(r -> assertThat(r.edgeId()).isEqualTo("edge-it"));

    String metrics = get("/metrics", null).bodyAsString();
    assertThat(metrics).contains("leasehold_edge_decisions_total{reason=\"lease\",result=\"denied\",rule=\"api\"} 1.0");
    assertThat(metrics).contains("leasehold_edge_config_revision 7.0");
  }

  @Test
  void aThinSharesUsedUpKeyHoldsOneRequestForTheNextSyncsAnswer() {
    assertThat(get("/thin/1", "erin").statusCode()).isEqualTo(200); // waits for its first lease: 1 token

    thinTokens.set(1);
    assertThat(get("/thin/2", "erin").statusCode()).as("held, then admitted with the token its ask brought")
        .isEqualTo(200);
    assertThat(aggregator.received).anySatisfy(r -> assertThat(r.reports()).anySatisfy(q -> {
      assertThat(q.quota()).isEqualTo(new QuotaId("thin", 0, "erin"));
      assertThat(q.held()).isEqualTo(1);
    }));

    HttpResponse<Buffer> denied = get("/thin/3", "erin"); // held; the answer brings no token
    assertThat(denied.statusCode()).isEqualTo(429);
    assertThat(upstreamHits).hasValue(2);
    assertThat(get("/metrics", null).bodyAsString()).contains("leasehold_edge_thin_share_holds_total 2.0");
  }

  @Test
  void withTheAggregatorStoppedExpiredLeasesFollowOnUnavailable() {
    assertThat(get("/deny/x", null).statusCode()).isEqualTo(200);
    assertThat(get("/open/x", null).statusCode()).isEqualTo(200);
    assertThat(get("/api/x", "carol").statusCode()).isEqualTo(200); // a 60 s lease

    aggregator.close();
    await().atMost(WAIT).until(() -> !edge.limiter().parentAvailable());
    await().atMost(WAIT).until(() -> get("/deny/x", null).statusCode() == 429);

    HttpResponse<Buffer> closed = get("/deny/x", null);
    assertThat(closed.getHeader("Retry-After")).isEqualTo("1");
    assertThat(closed.bodyAsJsonObject().getString("detail")).contains("cut off from its aggregator");
    await().atMost(WAIT).until(() -> get("/open/x", null).statusCode() == 200 // fails open once its lease ends
        && get("/metrics", null).bodyAsString().contains(
            "leasehold_edge_decisions_total{reason=\"fallback_allow\",result=\"allowed\",rule=\"open\"}"));
    assertThat(get("/api/x", "carol").statusCode()).isEqualTo(200); // its lease is still live
    assertThat(get("/readyz", null).bodyAsJsonObject().getBoolean("aggregator_available")).isFalse();
    assertThat(get("/metrics", null).bodyAsString()).contains("leasehold_edge_fallbacks_active 2.0")
        .contains("leasehold_edge_aggregator_available 0.0");

    aggregator = new FakeAggregator(vertx, TOKEN, RuleSet.of(API, DENY, ALLOW, THIN).toJson(), 7, this::lease)
        .start(aggregatorPort);
    await().atMost(WAIT).until(() -> get("/deny/x", null).statusCode() == 200); // a new lease ends the fallback
  }

  @Test
  void checkApiAnswersAndRejectsMalformedBodiesWithProblemJson() {
    HttpResponse<Buffer> allowed = check("{\"path\": \"/api/x\", \"headers\": {\"X-Api-Key\": \"dave\"}, \"cost\": 2}");
    assertThat(allowed.statusCode()).isEqualTo(200);
    JsonObject answer = allowed.bodyAsJsonObject();
    assertThat(answer.getBoolean("allowed")).isTrue();
    assertThat(answer.getLong("remaining")).isEqualTo(3);
    assertThat(answer.getString("policy")).isEqualTo("api");
    assertThat(answer.getLong("retry_after_ms")).isZero();
    assertThat(answer.getLong("reset_at")).isNull(); // a lease without refill never fills up by itself

    JsonObject over = check("{\"path\": \"/api/x\", \"headers\": {\"X-Api-Key\": \"dave\"}, \"cost\": 4}").bodyAsJsonObject();
    assertThat(over.getBoolean("allowed")).isFalse();
    assertThat(over.getLong("retry_after_ms")).isEqualTo(48_000);

    HttpResponse<Buffer> malformed = check("{\"path\": ");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(malformed.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("reason"))
        .startsWith("malformed JSON");

    HttpResponse<Buffer> wrong = check("{\"path\": 5, \"cost\": -1, \"colour\": \"red\", \"headers\": []}");
    assertThat(wrong.statusCode()).isEqualTo(400);
    List<Object> errors = wrong.bodyAsJsonObject().getJsonArray("errors").getList();
    assertThat(errors).extracting(e -> (Object) ((Map<?, ?>) e).get("path")).containsExactlyInAnyOrder("colour", "path", "cost", "headers");
    assertThat(errors).anySatisfy(e -> assertThat(((Map<?, ?>) e).get("value")).isEqualTo(-1));
    assertThat(check("[1]").statusCode()).isEqualTo(400);
    assertThat(check("").statusCode()).isEqualTo(400);
  }

  @Test
  void gracefulShutdownReturnsUnusedTokensInAFinalSync() {
    assertThat(get("/api/x", "erin").statusCode()).isEqualTo(200);
    assertThat(get("/api/x", "erin").statusCode()).isEqualTo(200);
    edge.close().await();
    edge = null;
    long returned = aggregator.received.stream().flatMap(r -> r.reports().stream())
        .filter(r -> r.quota().equals(new QuotaId("api", 0, "erin"))).mapToLong(QuotaReport::returned).sum();
    long consumed = aggregator.received.stream().flatMap(r -> r.reports().stream())
        .filter(r -> r.quota().equals(new QuotaId("api", 0, "erin"))).mapToLong(QuotaReport::consumed).sum();
    assertThat(returned).isEqualTo(3);
    assertThat(consumed).isEqualTo(2);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
