package io.leasehold.aggregator.http;

import io.leasehold.aggregator.core.RegionLeaser;
import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.MessageProblem;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/sync}: decodes and validates the edge's report (400 problem+json listing every
 * problem), plans its leases, runs the store round trip through the {@link StoreBatcher} and
 * answers the leases. Authentication and the body-size bound run before it.
 */
final class SyncHandler implements Handler<RoutingContext> {
  private final RegionLeaser leaser;
  private final StoreBatcher batcher;
  private final AggregatorMetrics metrics;
  private final MessageCodec codec = MessageCodec.json();
  private final Runnable afterSync;

  SyncHandler(RegionLeaser leaser, StoreBatcher batcher, AggregatorMetrics metrics, Runnable afterSync) {
    this.leaser = leaser;
    this.batcher = batcher;
    this.metrics = metrics;
    this.afterSync = afterSync;
  }

  @Override
  public void handle(RoutingContext rc) {
    long started = System.nanoTime();
    Buffer body = rc.body().buffer();
    if (body == null || body.length() == 0) {
      invalid(rc, List.of(new MessageProblem(MessageProblem.ROOT, MessageProblem.MISSING, "the request has no body")));
      return;
    }
    Decoded<EdgeSyncRequest> decoded = codec.decode(body.getBytes(), EdgeSyncRequest.class);
    if (!decoded.isValid()) {
      invalid(rc, decoded.problems());
      return;
    }
    EdgeSyncRequest request = decoded.orElseThrow();
    String region = leaser.settings().region();
    if (request.region().isPresent() && !request.region().get().equals(region)) {
      invalid(rc, List.of(new MessageProblem("region", "\"" + request.region().get() + "\"",
          "this aggregator serves region '" + region + "'; point the edge at its own region's aggregator")));
      return;
    }
    batcher.submit(leaser.plan(request)).onComplete(ar -> {
      if (ar.succeeded()) {
        metrics.syncOk.increment();
        rc.response().putHeader("Content-Type", codec.mediaType()).end(Buffer.buffer(codec.encode(ar.result())));
      } else {
        Problems.send(rc.response(), 500, "internal", "Sync failed", "the aggregator could not complete the sync");
      }
      metrics.syncLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      afterSync.run();
    });
  }

  private void invalid(RoutingContext rc, List<MessageProblem> problems) {
    metrics.syncInvalid.increment();
    Problems.send(rc.response(), 400, "invalid-sync-request", "Invalid sync request",
        problems.size() + " problem(s) in the request; nothing was changed", problems);
  }
}
