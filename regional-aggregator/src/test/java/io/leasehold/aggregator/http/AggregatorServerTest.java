package io.leasehold.aggregator.http;

import static io.leasehold.aggregator.http.TestAggregators.CODEC;
import static io.leasehold.aggregator.http.TestAggregators.TOKEN;
import static io.leasehold.aggregator.http.TestAggregators.post;
import static io.leasehold.aggregator.http.TestAggregators.report;
import static io.leasehold.aggregator.http.TestAggregators.request;
import static io.leasehold.aggregator.http.TestAggregators.sync;
import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.aggregator.AggregatorConfig;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Grant;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatorServerTest {
  private static final String RULES = """
      rules:
        - id: api
          key: header:X-Api-Key
          scope: region
          limits: [ { rate: 1000/s } ]
        - id: search
          key: constant
          limits: [ { rate: 600/s } ]
      """;
  private static final QuotaId KEY = new QuotaId("api", 0, "k1");
  private static final QuotaId SEARCH = QuotaId.aggregate("search", 0);

  @TempDir Path dir;
  private Vertx vertx;
  private WebClient client;
  private AggregatorServer server;

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void down() throws Exception {
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private AggregatorServer start(Optional<String> coordinator) throws Exception {
    AggregatorConfig config = TestAggregators.config("", TestAggregators.rulesFile(dir, RULES),
        AggregatorConfig.MEMORY_STORE, coordinator);
    server = TestAggregators.start(vertx, config);
    return server;
  }

  @Test
  void leases_tokens_to_an_authenticated_edge() throws Exception {
    start(Optional.empty());
    EdgeSyncResponse response = sync(client, server.port(), request("e1", 1, report(KEY, 0, 100, 0)));
    assertThat(response.region()).isEqualTo("eu-west");
    assertThat(response.leases()).singleElement().satisfies(l -> assertThat(l.tokens()).isEqualTo(40));
    assertThat(response.degraded()).isFalse();
  }

  @Test
  void rejects_a_missing_or_wrong_token_with_401_and_changes_nothing() throws Exception {
    start(Optional.empty());
    byte[] body = CODEC.encode(request("e1", 1, report(KEY, 0, 100, 0)));
    HttpResponse<Buffer> none = post(client, server.port(), null, body);
    HttpResponse<Buffer> wrong = post(client, server.port(), TOKEN + "x", body);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(wrong.getHeader("WWW-Authenticate")).startsWith("Bearer");

    // the same seq is still fresh: the rejected requests were never applied
    EdgeSyncResponse accepted = sync(client, server.port(), request("e1", 1, report(KEY, 0, 100, 0)));
    assertThat(accepted.leases()).singleElement().satisfies(l -> assertThat(l.tokens()).isEqualTo(40));
  }

  @Test
  void answers_400_problem_json_naming_each_bad_field() throws Exception {
    start(Optional.empty());
    String bad = """
        {"version":"1.0","edge_id":"e1","seq":-1,"config_revision_held":0,"reports":[
          {"quota":{"rule_id":"api","limit_index":0,"key":"k"},"consumed":-5,"denied":0,
           "wanted_micro_tokens_per_second":0,"returned":0,"ack_epoch":0}]}""";
    HttpResponse<Buffer> response = post(client, server.port(), TOKEN, bad.getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(problem.getJsonArray("problems").stream().map(p -> ((JsonObject) p).getString("path")))
        .contains("seq", "reports[0].consumed");
  }

  @Test
  void rejects_an_edge_of_another_region_and_an_oversized_body() throws Exception {
    start(Optional.empty());
    var other = new io.leasehold.model.message.EdgeSyncRequest(ProtocolVersion.CURRENT, "e1", Optional.of("us-east"),
        1, 0, java.util.OptionalLong.empty(), List.of());
    HttpResponse<Buffer> wrongRegion = post(client, server.port(), TOKEN, CODEC.encode(other));
    assertThat(wrongRegion.statusCode()).isEqualTo(400);
    assertThat(wrongRegion.bodyAsString()).contains("\"path\":\"region\"");

    HttpResponse<Buffer> huge = post(client, server.port(), TOKEN, new byte[100_000]);
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void serves_health_readiness_and_metrics() throws Exception {
    start(Optional.empty());
    sync(client, server.port(), request("e1", 1, report(KEY, 0, 100, 0)));
    assertThat(client.get(server.port(), "127.0.0.1", "/healthz").send().await(5, TimeUnit.SECONDS).statusCode())
        .isEqualTo(200);
    HttpResponse<Buffer> ready = client.get(server.port(), "127.0.0.1", "/readyz").send().await(5, TimeUnit.SECONDS);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getBoolean("rules_loaded")).isTrue();
    String metrics = client.get(server.port(), "127.0.0.1", "/metrics").send().await(5, TimeUnit.SECONDS).bodyAsString();
    assertThat(metrics).contains("leasehold_aggregator_sync_requests_total{outcome=\"ok\"} 1.0",
        "leasehold_aggregator_store_batch_ops", "leasehold_aggregator_degraded");
  }

  @Test
  void applies_grants_and_relays_rules_from_the_coordinator() throws Exception {
    List<RegionSyncRequest> received = new CopyOnWriteArrayList<>();
    List<String> tokens = new CopyOnWriteArrayList<>();
    String newRules = RULES.replace("600/s", "900/s");
    HttpServer coordinator = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      tokens.add(req.getHeader("Authorization"));
      RegionSyncRequest report = CODEC.decode(body.getBytes(), RegionSyncRequest.class).orElseThrow();
      received.add(report);
      Grant grant = new Grant(SEARCH, "eu-west", 300_000_000L, 300, 5, 5_000, 42, 0);
      RegionSyncResponse answer = new RegionSyncResponse(ProtocolVersion.CURRENT, "coord-1", 42, 7,
          report.configRevisionHeld() < 7 ? Optional.of(newRules) : Optional.empty(), List.of(grant), List.of(), 100);
      req.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(CODEC.encode(answer)));
    })).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
    start(Optional.of("http://127.0.0.1:" + coordinator.actualPort()));

    // before any grant a constant global rule without a floor leases nothing
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    EdgeSyncResponse response;
    long seq = 0;
    do {
      Thread.sleep(50);
      response = sync(client, server.port(), request("e1", ++seq, report(SEARCH, 0, 100, 0)));
    } while (response.leases().get(0).tokens() == 0 && System.nanoTime() < deadline);
    assertThat(response.leases().get(0).tokens()).isPositive(); // the regional bucket refills at the granted 300/s
    assertThat(tokens).allMatch(("Bearer " + TOKEN)::equals);
    assertThat(received.get(0).region()).isEqualTo("eu-west");

    while (response.configRevision() != 7 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      response = sync(client, server.port(), request("e1", ++seq, report(SEARCH, 0, 100, 0)));
    }
    assertThat(response.configRevision()).isEqualTo(7);
    assertThat(response.config()).contains(newRules);
    while (received.stream().noneMatch(r -> r.fencingTokenSeen() == 42) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    RegionSyncRequest later = received.stream().filter(r -> r.fencingTokenSeen() == 42).findFirst().orElseThrow();
    assertThat(later.acks()).anySatisfy(a -> assertThat(a.epoch()).isEqualTo(5));
    coordinator.close();
  }
}
