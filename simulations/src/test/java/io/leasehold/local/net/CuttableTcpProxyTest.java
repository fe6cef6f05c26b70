package io.leasehold.local.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CuttableTcpProxyTest {
  private Vertx vertx;
  private BuiltInUpstream upstream;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = BuiltInUpstream.start(vertx, 0);
  }

  @AfterEach
  void stop() throws Exception {
    upstream.close();
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  private static int get(int port, Duration timeout) throws Exception {
    // A fresh client per call: a cut must be seen by new connections, not hidden by a pooled one.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(timeout)
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static int get(int port) throws Exception {
    return get(port, Duration.ofSeconds(10));
  }

  @Test
  void forwardsFailsOverToTheNextUpstreamAndBlackHolesWhileCut() throws Exception {
    int dead;
    try (java.net.ServerSocket closedAtOnce = new java.net.ServerSocket(0)) {
      dead = closedAtOnce.getLocalPort(); // nothing listens there afterwards: connecting is refused
    }
    try (CuttableTcpProxy proxy = CuttableTcpProxy.start("link", vertx, 0, List.of(dead, upstream.port()))) {
      assertThat(get(proxy.port())).isEqualTo(200);

      proxy.cut();
      assertThat(proxy.isCut()).isTrue();
      assertThatThrownBy(() -> get(proxy.port(), Duration.ofMillis(500))).isInstanceOf(HttpTimeoutException.class);

      proxy.heal();
      assertThat(get(proxy.port())).isEqualTo(200);
    }
  }

  @Test
  void needsAnUpstream() {
    assertThatThrownBy(() -> CuttableTcpProxy.start("x", vertx, 0, List.of()))
        .hasMessageContaining("upstreamPorts: []");
  }
}
