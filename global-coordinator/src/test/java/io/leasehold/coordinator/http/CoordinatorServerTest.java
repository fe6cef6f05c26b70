package io.leasehold.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasehold.coordinator.CoordinatorSettings;
import io.leasehold.coordinator.config.RulesValidator;
import io.leasehold.coordinator.etcd.EtcdConfig;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.DemandReport;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.time.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP shell against an in-memory store and election: auth, admin API, region sync, health. */
class CoordinatorServerTest {
  static final String ADMIN = "admin-token-0123456789";
  static final String SYNC = "sync-token-0123456789";
  static final String GOOD_RULE = """
      {"id": "search", "key": "constant", "scope": "global", "limits": [{"rate": "100/s"}],
       "region_floors": {"us-east": 0.2}}""";
  static final String BAD_RULE = """
      {"id": "search", "key": "constant", "scope": "sideways", "limits": [{"rate": "100/x"}]}""";

  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  Vertx vertx;
  InMemoryConfigStore store;
  FakeElection election;
  CoordinatorServer server;
  String base;

  @BeforeEach
  void up() throws Exception {
    vertx = Vertx.vertx();
    store = new InMemoryConfigStore(new RulesValidator());
    election = new FakeElection();
    CoordinatorSettings settings = CoordinatorSettings.local("c1", 0, ADMIN, SYNC, EtcdConfig.defaults());
    server = new CoordinatorServer(settings, store, election, Clock.system(),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    vertx.deployVerticle(server).await(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterEach
  void down() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  HttpResponse<String> send(String method, String path, String token, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode body(HttpResponse<String> response) throws Exception {
    return json.readTree(response.body());
  }

  @Test
  void adminCallsWithoutOrWithAWrongTokenGet401AndChangeNothing() throws Exception {
    assertThat(send("PUT", "/v1/rules/search", null, GOOD_RULE).statusCode()).isEqualTo(401);
    assertThat(send("PUT", "/v1/rules/search", SYNC, GOOD_RULE).statusCode()).isEqualTo(401);
    assertThat(send("PUT", "/v1/rules/search", ADMIN + "x", GOOD_RULE).statusCode()).isEqualTo(401);
    HttpResponse<String> deleted = send("DELETE", "/v1/rules/search", "nope", null);
    assertThat(deleted.statusCode()).isEqualTo(401);
    assertThat(deleted.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(send("GET", "/v1/allocations", null, null).statusCode()).isEqualTo(401);
    assertThat(store.current().rulesById()).isEmpty();
  }

  @Test
  void aValidRuleIsStoredAndEnforcedAndAnInvalidOneIsRejectedWithEveryProblem() throws Exception {
    HttpResponse<String> created = send("PUT", "/v1/rules/search", ADMIN, GOOD_RULE);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long revision = body(created).path("revision").asLong();
    assertThat(body(created).path("changes").path("added").get(0).asText()).isEqualTo("search");

    HttpResponse<String> rejected = send("PUT", "/v1/rules/search", ADMIN, BAD_RULE);
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problems = body(rejected).path("problems");
    assertThat(problems.size()).isGreaterThanOrEqualTo(2);
    assertThat(problems.toString()).contains("rules[search].scope").contains("rules[search].limits[0].rate");
    assertThat(store.current().revision()).isEqualTo(revision);

    HttpResponse<String> got = send("GET", "/v1/rules/search", ADMIN, null);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.headers().firstValue("ETag")).contains("\"" + revision + "\"");
    assertThat(body(got).path("limits").get(0).path("rate").asText()).isEqualTo("100/s");

    JsonNode debug = body(send("GET", "/v1/debug/quotas/search", ADMIN, null));
    assertThat(debug.path("config_revision").asLong()).isEqualTo(revision);
  }

  @Test
  void staleRevisionsConflictAndDryRunsChangeNothing() throws Exception {
    long first = body(send("PUT", "/v1/rules/search", ADMIN, GOOD_RULE)).path("revision").asLong();
    String changed = GOOD_RULE.replace("100/s", "200/s");
    HttpResponse<String> dry = send("PUT", "/v1/rules/search?dry_run=true", ADMIN, changed);
    assertThat(dry.statusCode()).isEqualTo(200);
    assertThat(body(dry).path("changes").path("changed").get(0).asText()).isEqualTo("search");
    assertThat(store.current().revision()).isEqualTo(first);

    assertThat(send("PUT", "/v1/rules/search", ADMIN, changed, "If-Match", "\"" + first + "\"").statusCode())
        .isEqualTo(200);
    HttpResponse<String> stale = send("PUT", "/v1/rules/search?revision=" + first, ADMIN, GOOD_RULE);
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(send("DELETE", "/v1/rules/search", ADMIN, null, "If-Match", "\"" + first + "\"").statusCode())
        .isEqualTo(409);
    assertThat(send("PUT", "/v1/rules/search", ADMIN, GOOD_RULE, "If-None-Match", "*").statusCode()).isEqualTo(409);
    assertThat(send("PUT", "/v1/rules/search", ADMIN, GOOD_RULE, "If-Match", "banana").statusCode()).isEqualTo(400);

    assertThat(send("DELETE", "/v1/rules/search", ADMIN, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/rules/search", ADMIN, null).statusCode()).isEqualTo(404);
    assertThat(send("DELETE", "/v1/rules/search", ADMIN, null).statusCode()).isEqualTo(404);
  }

  @Test
  void theWholeSetIsReplacedFromYamlWithADiff() throws Exception {
    send("PUT", "/v1/rules/search", ADMIN, GOOD_RULE);
    long revision = store.current().revision();
    String yaml = """
        rules:
          - id: api-per-key
            key: header:X-Api-Key
            scope: global
            limits: [ { rate: 100/s, burst: 200 } ]
        """;
    HttpResponse<String> applied = send("PUT", "/v1/rules", ADMIN, yaml, "Content-Type", "application/yaml",
        "If-Match", "\"" + revision + "\"");
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    assertThat(body(applied).path("changes").toString()).contains("\"added\":[\"api-per-key\"]")
        .contains("\"removed\":[\"search\"]");
    assertThat(store.current().rulesById()).containsOnlyKeys("api-per-key");
    HttpResponse<String> listed = send("GET", "/v1/rules?format=yaml", ADMIN, null);
    assertThat(listed.body()).contains("api-per-key");
  }

  @Test
  void theLeaderAnswersRegionSyncsWithItsFencingTokenAndOnlyForTheSyncToken() throws Exception {
    send("PUT", "/v1/rules/search", ADMIN, GOOD_RULE);
    election.lead(77, base);
    QuotaId quota = QuotaId.aggregate("search", 0);
    RegionSyncRequest request = new RegionSyncRequest(ProtocolVersion.CURRENT, "us-east", "agg-1", 1, 0, 0,
        List.of(new DemandReport(quota, 10, 0, 10_000_000)), List.of(), List.of(), List.of());
    String encoded = MessageCodec.json().encodeToString(request);

    assertThat(send("POST", "/v1/region-sync", ADMIN, encoded).statusCode()).isEqualTo(401);
    HttpResponse<String> answered = send("POST", "/v1/region-sync", SYNC, encoded);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    RegionSyncResponse response = MessageCodec.json().decode(answered.body(), RegionSyncResponse.class).orElseThrow();
    assertThat(response.fencingToken()).isEqualTo(77);
    assertThat(response.config()).isPresent();
    assertThat(response.grants()).singleElement().satisfies(g -> {
      assertThat(g.fencingToken()).isEqualTo(77);
      assertThat(g.floorMicroTokensPerSecond()).isEqualTo(20_000_000L);
    });

    HttpResponse<String> malformed = send("POST", "/v1/region-sync", SYNC, "{\"version\": \"1.0\"}");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(body(malformed).path("problems").toString()).contains("region");

    JsonNode allocations = body(send("GET", "/v1/allocations", ADMIN, null));
    assertThat(allocations.path("leader").asBoolean()).isTrue();
    assertThat(allocations.path("quotas").get(0).path("rule_id").asText()).isEqualTo("search");
    String metrics = send("GET", "/metrics", null, null).body();
    assertThat(metrics).contains("leasehold_coordinator_grants_total 1.0")
        .contains("leasehold_coordinator_leader 1.0")
        .contains("leasehold_coordinator_allocation_tokens_per_second{limit=\"0\",region=\"us-east\",rule=\"search\"}");
  }

  @Test
  void aStandbyRedirectsToTheLeaderAndIsReadyOnlyWhenItKnowsOne() throws Exception {
    String encoded = MessageCodec.json().encodeToString(new RegionSyncRequest(ProtocolVersion.CURRENT, "us-east",
        "agg-1", 1, 0, 0, List.of(), List.of(), List.of(), List.of()));
    HttpResponse<String> noLeader = send("POST", "/v1/region-sync", SYNC, encoded);
    assertThat(noLeader.statusCode()).isEqualTo(503);
    assertThat(send("GET", "/readyz", null, null).statusCode()).isEqualTo(503);
    assertThat(send("GET", "/healthz", null, null).statusCode()).isEqualTo(200);

    election.follow("http://leader.internal:9090", 5);
    HttpResponse<String> redirected = send("POST", "/v1/region-sync", SYNC, encoded);
    assertThat(redirected.statusCode()).isEqualTo(307);
    assertThat(redirected.headers().firstValue("Location")).contains("http://leader.internal:9090/v1/region-sync");
    assertThat(send("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aDeposedLeaderRefusesSyncsThatCarryANewerToken() throws Exception {
    election.lead(10, base);
    String encoded = MessageCodec.json().encodeToString(new RegionSyncRequest(ProtocolVersion.CURRENT, "us-east",
        "agg-1", 1, 0, 11, List.of(), List.of(), List.of(), List.of()));
    HttpResponse<String> refused = send("POST", "/v1/region-sync", SYNC, encoded);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("fencing token 11");
  }

  @Test
  void shutdownResigns() throws Exception {
    election.lead(3, base);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(election.resigned).isTrue();
    vertx = Vertx.vertx();
  }
}
