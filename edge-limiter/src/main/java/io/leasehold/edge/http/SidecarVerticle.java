package io.leasehold.edge.http;

import io.leasehold.edge.EdgeConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import java.net.URI;

/**
 * One event loop's share of the sidecar: an HTTP server on the shared port (Vert.x balances
 * connections across instances), the check API, the admin endpoints when they share the port, and
 * the limiter in front of a reverse proxy to the upstream (keep-alive pool, hop-by-hop headers
 * handled and bodies streamed by vertx-http-proxy).
 */
final class SidecarVerticle extends VerticleBase {
  private final EdgeRuntime runtime;
  private HttpClient upstream;

  SidecarVerticle(EdgeRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    EdgeConfig config = runtime.config;
    Router router = Router.router(vertx);
    if (config.adminPort() == 0) {
      AdminRoutes.mount(router, runtime);
    }
    router.post("/v1/check")
        .handler(BodyHandler.create(false).setBodyLimit(config.maxCheckBodyBytes()))
        .handler(new CheckHandler(runtime.decider, config.headers()));
    if (config.upstream().isPresent()) {
      URI origin = config.upstream().get();
      boolean tls = "https".equalsIgnoreCase(origin.getScheme());
      int port = origin.getPort() > 0 ? origin.getPort() : tls ? 443 : 80;
      upstream = vertx.createHttpClient(new HttpClientOptions()
              .setSsl(tls)
              .setKeepAlive(true)
              .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.upstreamConnectTimeout().toMillis()))
              .setIdleTimeout((int) Math.max(1, config.upstreamTimeout().toSeconds())),
          new PoolOptions().setHttp1MaxSize(config.upstreamPoolSize()));
      HttpProxy proxy = HttpProxy.reverseProxy(upstream).origin(port, origin.getHost());
      router.route().handler(new LimitHandler(runtime.decider, config.headers(), config.trustForwardedFor()))
          .handler(ProxyHandler.create(proxy));
    } else {
      router.route().handler(ctx -> Problems.send(ctx.response(), 404, new JsonObject()
          .put("type", "about:blank").put("title", "Not Found").put("status", 404)
          .put("detail", "This edge has no upstream; use POST /v1/check.")));
    }
    return vertx.createHttpServer(new HttpServerOptions()
            .setHost(config.listenHost())
            .setPort(config.listenPort())
            .setTcpNoDelay(true)
            .setReuseAddress(true))
        .requestHandler(router)
        .listen()
        .onSuccess(runtime.servers::add);
  }

  @Override
  public Future<?> stop() {
    return upstream == null ? Future.succeededFuture() : upstream.close();
  }
}
