package io.leasehold.edge.http;

import io.leasehold.edge.EdgeConfig;
import io.leasehold.edge.EdgeDecision;
import io.leasehold.model.rules.RequestView;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/check}: a service asks whether a request may proceed, and the tokens are taken
 * when it may. Body: {@code {"method", "path", "headers": {name: value}, "client_address", "cost"}}
 * (only {@code path} is required); answer: {@code {allowed, remaining, reset_at, retry_after_ms,
 * policy, reason}} plus the rate-limit header fields. Malformed bodies get 400 problem+json listing
 * every problem with its path, value and reason.
 */
final class CheckHandler implements Handler<RoutingContext> {
  private static final Set<String> FIELDS = Set.of("method", "path", "headers", "client_address", "cost");
  private static final long MAX_COST = 1_000_000_000_000L;

  private final Decider decider;
  private final EdgeConfig.Headers headers;

  CheckHandler(Decider decider, EdgeConfig.Headers headers) {
    this.decider = decider;
    this.headers = headers;
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<JsonObject> errors = new ArrayList<>();
    Buffer body = ctx.body().buffer();
    JsonObject json = null;
    if (body == null || body.length() == 0) {
      errors.add(Problems.error("$", null, "a JSON object body is required"));
    } else {
      try {
        Object parsed = io.vertx.core.json.Json.decodeValue(body);
        if (parsed instanceof JsonObject object) {
          json = object;
        } else {
          errors.add(Problems.error("$", String.valueOf(parsed), "must be a JSON object"));
        }
      } catch (DecodeException e) {
        errors.add(Problems.error("$", null, "malformed JSON: " + firstLine(e.getMessage())));
      }
    }
    CheckRequest request = json == null ? null : read(json, errors);
    if (!errors.isEmpty()) {
      Problems.send(ctx.response(), 400, Problems.invalidRequest("The check request is invalid.", errors));
      return;
    }
    EdgeDecision d = decider.decide(request.view, request.cost, new EdgeDecision());
    if (d.outcome() == EdgeDecision.Outcome.PENDING) {
      decider.await(request.view, request.cost, d.waitDeadlineNanos(), ctx.vertx().getOrCreateContext(),
          last -> answer(ctx, last));
      return;
    }
    answer(ctx, d);
  }

  private void answer(RoutingContext ctx, EdgeDecision d) {
    long nowMillis = System.currentTimeMillis();
    RateLimitHeaders.apply(ctx.response().headers(), d, headers, nowMillis / 1000);
    JsonObject answer = new JsonObject()
        .put("allowed", d.allowed())
        .put("remaining", d.policy() == null ? null : Math.max(0, d.remaining()))
        .put("reset_at", d.policy() == null || d.resetAfterNanos() == EdgeDecision.NEVER
            ? null : nowMillis + (d.resetAfterNanos() + 999_999) / 1_000_000)
        .put("retry_after_ms", d.allowed() ? 0L
            : d.retryAfterNanos() == EdgeDecision.NEVER ? null : (d.retryAfterNanos() + 999_999) / 1_000_000)
        .put("policy", d.policy() == null ? null : d.policy().policyName().replace("\"", ""))
        .put("reason", d.reason().label());
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(answer.toBuffer());
  }

  private record CheckRequest(RequestView view, long cost) {}

  private static CheckRequest read(JsonObject json, List<JsonObject> errors) {
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        errors.add(Problems.error(name, null, "unknown field; expected one of " + new java.util.TreeSet<>(FIELDS)));
      }
    }
    String method = "GET";
    Object methodValue = json.getValue("method");
    if (methodValue != null) {
      if (!(methodValue instanceof String m) || m.isEmpty() || m.length() > 32 || !m.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
        errors.add(Problems.error("method", methodValue, "must be an upper-case HTTP method such as GET"));
      } else {
        method = m;
      }
    }
    String path = null;
    Object pathValue = json.getValue("path");
    if (pathValue == null) {
      errors.add(Problems.error("path", null, "is required"));
    } else if (!(pathValue instanceof String p) || p.length() > 8192 || (path = PathNormalizer.normalize(p)) == null) {
      errors.add(Problems.error("path", pathValue, "must be an absolute request path starting with '/', at most 8192 characters"));
    }
    Map<String, String> headers = new HashMap<>();
    Object headersValue = json.getValue("headers");
    if (headersValue != null) {
      if (!(headersValue instanceof JsonObject h)) {
        errors.add(Problems.error("headers", headersValue, "must be an object of header names to string values"));
      } else if (h.size() > 256) {
        errors.add(Problems.error("headers", h.size() + " headers", "at most 256 headers"));
      } else {
        for (String name : h.fieldNames()) {
          Object value = h.getValue(name);
          if (!(value instanceof String s) || s.length() > 8192) {
            errors.add(Problems.error("headers." + name, value, "must be a string of at most 8192 characters"));
          } else if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
            errors.add(Problems.error("headers." + name, null, "is not a valid header name"));
          } else {
            headers.put(name, s);
          }
        }
      }
    }
    String client = null;
    Object clientValue = json.getValue("client_address");
    if (clientValue != null) {
      if (!(clientValue instanceof String c) || c.isEmpty() || c.length() > 64) {
        errors.add(Problems.error("client_address", clientValue, "must be an IP address string"));
      } else {
        client = c;
      }
    }
    long cost = -1;
    Object costValue = json.getValue("cost");
    if (costValue != null) {
      if (!(costValue instanceof Integer || costValue instanceof Long) || ((Number) costValue).longValue() < 0
          || ((Number) costValue).longValue() > MAX_COST) {
        errors.add(Problems.error("cost", costValue, "must be an integer in [0, " + MAX_COST + "]"));
      } else {
        cost = ((Number) costValue).longValue();
      }
    }
    return errors.isEmpty() ? new CheckRequest(RequestView.of(method, path, headers, client), cost) : null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
