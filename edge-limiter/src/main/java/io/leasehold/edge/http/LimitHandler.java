package io.leasehold.edge.http;

import io.leasehold.edge.EdgeConfig;
import io.leasehold.edge.EdgeDecision;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Decides each request before the proxy: allowed requests go on (with rate-limit headers on the
 * response when configured), rejected ones get 429 with {@code Retry-After}, {@code RateLimit}
 * fields and a problem+json body, and requests waiting for a first lease are held. One instance
 * per event loop (it reuses its holders).
 */
final class LimitHandler implements Handler<RoutingContext> {
  private final Decider decider;
  private final EdgeConfig.Headers headers;
  private final boolean trustForwardedFor;
  private final VertxRequestView view;
  private final EdgeDecision decision = new EdgeDecision();

  LimitHandler(Decider decider, EdgeConfig.Headers headers, boolean trustForwardedFor) {
    this.decider = decider;
    this.headers = headers;
    this.trustForwardedFor = trustForwardedFor;
    this.view = new VertxRequestView(trustForwardedFor);
  }

  @Override
  public void handle(RoutingContext ctx) {
    EdgeDecision d;
    try {
      d = decider.decide(view.wrap(ctx), -1, decision);
    } finally {
      view.clear();
    }
    if (d.outcome() == EdgeDecision.Outcome.PENDING) {
      // Held asynchronously: pause so no body event is lost, resume just before going on
      // (vertx-http-proxy#42).
      ctx.request().pause();
      decider.await(new VertxRequestView(trustForwardedFor).wrap(ctx), -1, d.waitDeadlineNanos(),
          ctx.vertx().getOrCreateContext(), last -> {
            ctx.request().resume();
            finish(ctx, last);
          });
      return;
    }
    finish(ctx, d);
  }

  private void finish(RoutingContext ctx, EdgeDecision d) {
    if (d.allowed()) {
      if (headers.onAllowed() && d.policy() != null) {
        MultiMap fields = MultiMap.caseInsensitiveMultiMap();
        RateLimitHeaders.apply(fields, d, headers, System.currentTimeMillis() / 1000);
        ctx.addHeadersEndHandler(v -> {
          MultiMap out = ctx.response().headers();
          fields.forEach(out::set); // set per field: MultiMap.setAll would drop the upstream's headers
        });
      }
      ctx.next();
      return;
    }
    reject(ctx, d, headers);
  }

  static void reject(RoutingContext ctx, EdgeDecision d, EdgeConfig.Headers headers) {
    RateLimitHeaders.apply(ctx.response().headers(), d, headers, System.currentTimeMillis() / 1000);
    Problems.send(ctx.response(), 429, Problems.quotaExceeded(d, ctx.request().path()));
  }
}
