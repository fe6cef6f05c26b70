package io.leasehold.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasehold.coordinator.etcd.EtcdConfig;
import io.leasehold.testsupport.EtcdServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * etcd goes away and comes back: the coordinator keeps serving the last known good rules, refuses
 * writes it cannot store (503, nothing changed), and accepts them again once etcd is back.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CoordinatorEtcdOutageIT {
  static final String ADMIN = "it-admin-token-0123456789";
  static final String SYNC = "it-sync-token-0123456789";
  static final String RULE = """
      {"id": "search", "key": "constant", "scope": "global", "limits": [{"rate": "1000/s"}]}""";

  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ADMIN)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theLastKnownGoodRulesAreServedDuringAnOutageAndWritesResumeAfterIt() throws Exception {
    try (EtcdServer etcd = EtcdServer.startOrConnect()) {
      Assumptions.assumeTrue(etcd.owned(), "needs an etcd this test may stop (not " + EtcdServer.ENV_ENDPOINTS + ")");
      EtcdConfig config = EtcdConfig.builder().endpoints(etcd.endpoints())
          .leaseTtl(Duration.ofSeconds(2)).leaderSafetyMargin(Duration.ofMillis(500))
          .requestTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1))
          .retryInitialDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(500)).build();
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      try (CoordinatorCommand.Running coordinator =
          CoordinatorCommand.start(CoordinatorSettings.local("c1", port, ADMIN, SYNC, config))) {
        assertThat(send(port, "PUT", "/v1/rules/search", RULE).statusCode()).isEqualTo(201);
        await().atMost(5, TimeUnit.SECONDS).until(() -> coordinator.store.current().rulesById().containsKey("search"));

        etcd.stop();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !coordinator.store.connected());
        HttpResponse<String> served = send(port, "GET", "/v1/rules", null);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(json.readTree(served.body()).path("rules").get(0).path("id").asText()).isEqualTo("search");
        assertThat(json.readTree(served.body()).path("etcd_connected").asBoolean()).isFalse();
        HttpResponse<String> refused = send(port, "PUT", "/v1/rules/other", RULE.replace("search", "other"));
        assertThat(refused.statusCode()).isEqualTo(503);
        // The leader's lease cannot be renewed: it stops leading rather than grant on a lapsed lease.
        await().atMost(5, TimeUnit.SECONDS).until(() -> !coordinator.election.isLeader(System.nanoTime()));

        etcd.start();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
            .until(() -> send(port, "PUT", "/v1/rules/other", RULE.replace("search", "other")).statusCode() == 201);
        await().atMost(10, TimeUnit.SECONDS).until(() -> coordinator.store.connected()
            && coordinator.store.current().rulesById().keySet().containsAll(java.util.Set.of("search", "other")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> coordinator.election.isLeader(System.nanoTime()));
      }
    }
  }
}
