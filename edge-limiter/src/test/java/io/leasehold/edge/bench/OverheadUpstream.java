package io.leasehold.edge.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** A minimal upstream for {@code bench/overhead.sh}: answers every request with a small fixed body. */
public final class OverheadUpstream {
  private OverheadUpstream() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Buffer body = Buffer.buffer("{\"ok\":true}");
    Vertx.vertx().createHttpServer()
        .requestHandler(req -> req.response().putHeader("Content-Type", "application/json").end(body))
        .listen(port, "127.0.0.1")
        .onSuccess(s -> System.out.println("upstream listening on " + s.actualPort()))
        .onFailure(e -> {
          System.err.println("upstream failed: " + e.getMessage());
          System.exit(1);
        });
  }
}
