package io.leasehold.edge.http;

import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP {@code /v1/sync} server for the sidecar's integration tests: it checks the bearer
 * token, relays a config when the edge's revision differs, and answers each report with the lease
 * a test-supplied policy gives it (or none).
 */
final class FakeAggregator implements AutoCloseable {
  private final Vertx vertx;
  private final String token;
  private final String config;
  private final long revision;
  private final Function<QuotaReport, Lease> leases;
  final List<EdgeSyncRequest> received = new CopyOnWriteArrayList<>();
  final List<String> unauthorized = new CopyOnWriteArrayList<>();
  private HttpServer server;

  FakeAggregator(Vertx vertx, String token, String config, long revision, Function<QuotaReport, Lease> leases) {
    this.vertx = vertx;
    this.token = token;
    this.config = config;
    this.revision = revision;
    this.leases = leases;
  }

  FakeAggregator start(int port) {
    MessageCodec codec = MessageCodec.json();
    server = vertx.createHttpServer().requestHandler(req -> {
      if (!req.path().equals("/v1/sync")) {
        req.response().setStatusCode(404).end();
        return;
      }
      if (!("Bearer " + token).equals(req.getHeader("Authorization"))) {
        unauthorized.add(String.valueOf(req.getHeader("Authorization")));
        req.response().setStatusCode(401).end();
        return;
      }
      req.body().onSuccess(body -> {
        Decoded<EdgeSyncRequest> decoded = codec.decode(body.getBytes(), EdgeSyncRequest.class);
        if (!decoded.isValid()) {
          req.response().setStatusCode(400).end(decoded.problems().toString());
          return;
        }
        EdgeSyncRequest request = decoded.orElseThrow();
        received.add(request);
        List<Lease> granted = new ArrayList<>();
        for (QuotaReport report : request.reports()) {
          Lease lease = leases.apply(report);
          if (lease != null) {
            granted.add(lease);
          }
        }
        EdgeSyncResponse response = new EdgeSyncResponse(ProtocolVersion.CURRENT, "fake-agg", "test", revision,
            request.configRevisionHeld() == revision ? Optional.empty() : Optional.of(config), granted, false, 50);
        req.response().putHeader("Content-Type", codec.mediaType()).end(io.vertx.core.buffer.Buffer.buffer(codec.encode(response)));
      });
    }).listen(port, "127.0.0.1").await();
    return this;
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
      server = null;
    }
  }
}
