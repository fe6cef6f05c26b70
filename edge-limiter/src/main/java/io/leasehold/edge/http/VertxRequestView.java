package io.leasehold.edge.http;

import io.leasehold.model.rules.RequestView;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** The rules' view of a Vert.x request, read in place (no header copy). Reused per event loop. */
final class VertxRequestView implements RequestView {
  private final boolean trustForwardedFor;
  private HttpServerRequest request;
  private String path;

  VertxRequestView(boolean trustForwardedFor) {
    this.trustForwardedFor = trustForwardedFor;
  }

  VertxRequestView wrap(RoutingContext ctx) {
    this.request = ctx.request();
    this.path = ctx.normalizedPath();
    return this;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String header(String lowerCaseName) {
    return request.getHeader(lowerCaseName);
  }

  @Override
  public String clientAddress() {
    if (trustForwardedFor) {
      String forwarded = request.getHeader("x-forwarded-for");
      if (forwarded != null && !forwarded.isEmpty()) {
        int comma = forwarded.indexOf(',');
        return (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
      }
    }
    return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
  }

  void clear() {
    request = null;
    path = null;
  }
}
