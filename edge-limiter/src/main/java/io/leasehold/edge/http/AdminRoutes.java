package io.leasehold.edge.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code /healthz} (the process runs), {@code /readyz} (rules loaded, aggregator reached, not draining), {@code /metrics}. */
final class AdminRoutes {
  private AdminRoutes() {}

  static void mount(Router router, EdgeRuntime runtime) {
    router.get("/healthz").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", "UP").toBuffer()));
    router.get("/readyz").handler(ctx -> {
      boolean ready = runtime.ready.getAsBoolean();
      var stats = runtime.limiter.stats();
      ctx.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json")
          .end(new JsonObject()
              .put("status", ready ? "READY" : "NOT_READY")
              .put("config_revision", stats.configRevision())
              .put("rules", runtime.limiter.rules().rules().size())
              .put("aggregator_available", stats.parentAvailable())
              .put("standalone", runtime.config.standalone())
              .toBuffer());
    });
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(runtime.metrics.scrape()));
  }
}
