package io.leasehold.local.net;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The service the local cluster's sidecars protect: answers every request with {@code 200} and a
 * tiny body, at once, so that what the load generator measures is the limiter and the proxy hop.
 */
public final class BuiltInUpstream implements AutoCloseable {
  private final HttpServer server;

  private BuiltInUpstream(HttpServer server) {
    this.server = server;
  }

  public static BuiltInUpstream start(Vertx vertx, int port) throws Exception {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
            .setTcpNoDelay(true))
        .requestHandler(request -> request.response().putHeader("Content-Type", "text/plain").end("ok\n"))
        .listen().await(10, TimeUnit.SECONDS);
    return new BuiltInUpstream(server);
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    try {
      server.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
