package io.leasehold.edge.http;

import io.leasehold.edge.EdgeConfig;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.client.SyncLoop;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** What every sidecar verticle instance shares: one core, one metrics registry, one sync loop. */
final class EdgeRuntime {
  final EdgeConfig config;
  final EdgeLimiter limiter;
  final EdgeMetrics metrics;
  final SyncLoop syncLoop;
  final Decider decider;
  final BooleanSupplier ready;
  final List<HttpServer> servers = new CopyOnWriteArrayList<>();

  EdgeRuntime(EdgeConfig config, EdgeLimiter limiter, EdgeMetrics metrics, SyncLoop syncLoop, Decider decider,
      BooleanSupplier ready) {
    this.config = config;
    this.limiter = limiter;
    this.metrics = metrics;
    this.syncLoop = syncLoop;
    this.decider = decider;
    this.ready = ready;
  }
}
