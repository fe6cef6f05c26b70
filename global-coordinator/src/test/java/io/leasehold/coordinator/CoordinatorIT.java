package io.leasehold.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import io.leasehold.coordinator.etcd.EtcdClients;
import io.leasehold.coordinator.etcd.EtcdConfig;
import io.leasehold.coordinator.etcd.EtcdConfigStore;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.DemandReport;
import io.leasehold.model.message.GrantAck;
import io.leasehold.model.message.HeldGrant;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.testsupport.EtcdServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/** Whole coordinators against a real etcd, through their HTTP APIs (issue 5 acceptance). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoordinatorIT {
  static final String ADMIN = "it-admin-token-0123456789";
  static final String SYNC = "it-sync-token-0123456789";
  static final Duration LEASE_TTL = Duration.ofSeconds(2);
  static final String RULE = """
      {"id": "search", "key": "constant", "scope": "global", "limits": [{"rate": "1000/s"}]}""";
  static final QuotaId SEARCH = QuotaId.aggregate("search", 0);

  static EtcdServer etcd;
  static Client admin;

  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  final ObjectMapper json = new ObjectMapper();
  final List<AutoCloseable> closeAfter = new ArrayList<>();
  EtcdConfig config;

  @BeforeAll
  static void up() {
    etcd = EtcdServer.startOrConnect();
    admin = EtcdClients.create(EtcdConfig.builder().endpoints(etcd.endpoints()).build());
  }

  @AfterAll
  static void down() {
    if (admin != null) {
      admin.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  @BeforeEach
  void isolatedKeys() {
    String root = "/it-" + UUID.randomUUID();
    config = EtcdConfig.builder()
        .endpoints(etcd.endpoints())
        .rulesPrefix(root + "/rules/")
        .rulesRevisionKey(root + "/rules-rev")
        .electionName(root + "/leader")
        .leaseTtl(LEASE_TTL)
        .leaderSafetyMargin(Duration.ofMillis(500))
        .requestTimeout(Duration.ofSeconds(2))
        .retryInitialDelay(Duration.ofMillis(50))
        .retryMaxDelay(Duration.ofMillis(500))
        .build();
  }

  @AfterEach
  void closeAll() {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      try {
        closeAfter.get(i).close();
      } catch (Exception e) {
        // already closed by the test
      }
    }
  }

  CoordinatorCommand.Running coordinator(String id) throws Exception {
    int port = freePort();
    CoordinatorSettings settings = CoordinatorSettings.local(id, port, ADMIN, SYNC, config);
    CoordinatorCommand.Running running = CoordinatorCommand.start(settings);
    closeAfter.add(running);
    return running;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  HttpResponse<String> send(CoordinatorCommand.Running c, String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> regionSync(CoordinatorCommand.Running c, long seq, long tokenSeen, List<GrantAck> acks,
      List<HeldGrant> held) throws Exception {
    RegionSyncRequest request = new RegionSyncRequest(ProtocolVersion.CURRENT, "us-east", "agg-1", seq, 0, tokenSeen,
        List.of(new DemandReport(SEARCH, 100, 0, 100_000_000L)), List.of(), acks, held);
    return send(c, "POST", "/v1/region-sync", SYNC, MessageCodec.json().encodeToString(request));
  }

  static RegionSyncResponse decode(HttpResponse<String> response) {
    return MessageCodec.json().decode(response.body(), RegionSyncResponse.class).orElseThrow();
  }

  EtcdConfigStore watcher() {
    EtcdConfigStore store = EtcdConfigStore.create(admin, config, ConfigValidator.acceptAll(), Runnable::run);
    closeAfter.add(store);
    store.start();
    return store;
  }

  @Test
  void rulesAppliedThroughTheAdminApiReachAWatchingStoreWithinOneSecond(TestReporter reporter) throws Exception {
    CoordinatorCommand.Running coordinator = coordinator("c1");
    EtcdConfigStore watcher = watcher();
    CompletableFuture<Long> seenAt = new CompletableFuture<>();
    watcher.addListener(snapshot -> {
      if (snapshot.rulesById().containsKey("search")) {
        seenAt.complete(System.nanoTime());
      }
    });
    await().atMost(5, TimeUnit.SECONDS).until(watcher::connected);

    long sentAt = System.nanoTime();
    HttpResponse<String> put = send(coordinator, "PUT", "/v1/rules/search", ADMIN, RULE);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(seenAt.get(5, TimeUnit.SECONDS) - sentAt);
    reporter.publishEntry("propagationMillis", Long.toString(tookMillis));
    System.out.println("CoordinatorIT propagationMillis=" + tookMillis);
    assertThat(tookMillis).isLessThanOrEqualTo(1_000);
    assertThat(watcher.current().revision()).isEqualTo(json.readTree(put.body()).path("revision").asLong());
  }

  @Test
  void invalidRulesAreRejectedAndTheStoredSetIsUnchanged() throws Exception {
    CoordinatorCommand.Running coordinator = coordinator("c1");
    assertThat(send(coordinator, "PUT", "/v1/rules/search", ADMIN, RULE).statusCode()).isEqualTo(201);
    EtcdConfigStore watcher = watcher();
    await().atMost(5, TimeUnit.SECONDS).until(() -> watcher.current().rulesById().containsKey("search"));
    ConfigSnapshot before = watcher.current();

    HttpResponse<String> bad = send(coordinator, "PUT", "/v1/rules/search", ADMIN,
        RULE.replace("1000/s", "lots").replace("global", "galactic"));
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode problems = json.readTree(bad.body()).path("problems");
    assertThat(problems.toString()).contains("rules[search].limits[0].rate").contains("rules[search].scope");

    HttpResponse<String> badSet = send(coordinator, "PUT", "/v1/rules", ADMIN, """
        rules:
          - { id: fine, key: constant, limits: [ { rate: 10/s } ] }
          - { id: broken, key: constant, limits: [ { rate: 10/s, burst: -1 } ] }
        """);
    assertThat(badSet.statusCode()).isEqualTo(400);
    assertThat(send(coordinator, "PUT", "/v1/rules/other", null, RULE.replace("search", "other")).statusCode())
        .isEqualTo(401);

    // Read etcd directly as well as through a fresh snapshot: nothing moved.
    EtcdConfigStore fresh = watcher();
    await().atMost(5, TimeUnit.SECONDS).until(fresh::connected);
    assertThat(fresh.current()).isEqualTo(before);
    assertThat(watcher.current()).isEqualTo(before);
  }

  @Test
  void afterFailoverTheNewLeaderGrantsWithAHigherTokenAndTheOldOneGrantsNothing(TestReporter reporter)
      throws Exception {
    CoordinatorCommand.Running a = coordinator("a");
    await().atMost(5, TimeUnit.SECONDS).until(() -> a.election.isLeader(System.nanoTime()));
    CoordinatorCommand.Running b = coordinator("b");
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.election.currentLeader().isPresent());
    assertThat(send(a, "PUT", "/v1/rules/search", ADMIN, RULE).statusCode()).isEqualTo(201);
    await().atMost(5, TimeUnit.SECONDS).until(() -> regionSync(a, 1, 0, List.of(), List.of()).body().contains("search"));

    HttpResponse<String> fromA = regionSync(a, 2, 0, List.of(), List.of());
    RegionSyncResponse answerA = decode(fromA);
    long tokenA = answerA.fencingToken();
    assertThat(answerA.grants()).allSatisfy(g -> assertThat(g.fencingToken()).isEqualTo(tokenA));
    // A standby sends regions to the leader.
    HttpResponse<String> viaB = regionSync(b, 3, tokenA, List.of(), List.of());
    assertThat(viaB.statusCode()).isEqualTo(307);
    assertThat(viaB.headers().firstValue("Location")).contains("http://127.0.0.1:" + a.port() + "/v1/region-sync");

    long cutAt = System.nanoTime();
    a.loseEtcd(); // a keeps serving HTTP, but can no longer renew its lease
    await().atMost(LEASE_TTL.plusSeconds(1)).pollInterval(Duration.ofMillis(20))
        .until(() -> b.election.isLeader(System.nanoTime()));
    long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
    reporter.publishEntry("failoverMillis", Long.toString(failoverMillis));
    System.out.println("CoordinatorIT failoverMillis=" + failoverMillis);

    var grantA = answerA.grants().get(0);
    HeldGrant held = new HeldGrant(SEARCH, grantA.microTokensPerSecond(), grantA.burst(), grantA.epoch(), 1_000, tokenA);
    HttpResponse<String> fromB = regionSync(b, 4, tokenA, List.of(new GrantAck(SEARCH, grantA.epoch())), List.of(held));
    assertThat(fromB.statusCode()).as(fromB.body()).isEqualTo(200);
    RegionSyncResponse answerB = decode(fromB);
    long tokenB = answerB.fencingToken();
    assertThat(tokenB).isGreaterThan(tokenA);
    assertThat(answerB.grants()).isNotEmpty().allSatisfy(g -> assertThat(g.fencingToken()).isEqualTo(tokenB));

    // The old leader's lease has lapsed by its own clock: it answers no region with a grant.
    assertThat(regionSync(a, 5, tokenA, List.of(), List.of()).statusCode()).isNotEqualTo(200);
    HttpResponse<String> deposed = regionSync(a, 6, tokenB, List.of(), List.of());
    assertThat(deposed.statusCode()).isIn(409, 503);
  }
}
