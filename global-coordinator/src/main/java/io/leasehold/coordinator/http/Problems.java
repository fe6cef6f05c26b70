package io.leasehold.coordinator.http;

import io.leasehold.coordinator.ConfigProblem;
import io.leasehold.coordinator.config.RulesValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** RFC 9457 {@code application/problem+json} answers, with every problem listed for bad input. */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  static void send(RoutingContext ctx, int status, String title, String detail) {
    send(ctx, status, title, detail, null);
  }

  static void send(RoutingContext ctx, int status, String title, String detail, JsonArray problems) {
    JsonObject body = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("instance", ctx.request().path());
    if (problems != null) {
      body.put("problems", problems);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).end(body.encode());
  }

  static void invalid(RoutingContext ctx, List<ConfigProblem> problems) {
    JsonArray list = new JsonArray();
    problems.forEach(p -> list.add(new JsonObject().put("path", p.path()).put("value", p.value()).put("reason", p.reason())));
    send(ctx, 400, "Invalid rules", problems.size() + " problem(s); nothing was changed", list);
  }

  static ConfigProblem convert(String prefix, io.leasehold.model.rules.ConfigProblem problem) {
    return RulesValidator.convert(prefix, problem);
  }
}
