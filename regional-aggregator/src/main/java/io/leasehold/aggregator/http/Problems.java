package io.leasehold.aggregator.http;

import io.leasehold.model.message.MessageProblem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** RFC 9457 {@code application/problem+json} responses. */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";
  private static final String BASE = "https://leasehold.dev/problems/";

  private Problems() {}

  static void send(HttpServerResponse response, int status, String type, String title, String detail,
      List<MessageProblem> problems) {
    JsonObject body = new JsonObject()
        .put("type", BASE + type)
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
    if (!problems.isEmpty()) {
      JsonArray list = new JsonArray();
      problems.forEach(p -> list.add(new JsonObject().put("path", p.path()).put("value", p.value()).put("reason", p.reason())));
      body.put("problems", list);
    }
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"leasehold\"");
    }
    response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).end(body.encode());
  }

  static void send(HttpServerResponse response, int status, String type, String title, String detail) {
    send(response, status, type, title, detail, List.of());
  }
}
