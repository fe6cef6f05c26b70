package io.leasehold.edge.http;

import io.leasehold.edge.EdgeDecision;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** RFC 9457 {@code application/problem+json} responses. */
public final class Problems {
  public static final String MEDIA_TYPE = "application/problem+json";
  /** Problem type registered by draft-ietf-httpapi-ratelimit-headers. */
  public static final String QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded";
  public static final String INVALID_REQUEST = "https://leasehold.io/problems/invalid-request";

  private Problems() {}

  /** A 429 naming the violated policy. */
  public static JsonObject quotaExceeded(EdgeDecision decision, String instance) {
    String policy = decision.policy().policyName().replace("\"", "");
    long retry = RateLimitHeaders.ceilSeconds(decision.retryAfterNanos());
    String detail = "Quota " + policy + " is exhausted"
        + (decision.reason().isFallback() ? " (the limiter is cut off from its aggregator and enforces its fallback)" : "")
        + (retry >= 0 ? "; retry in " + Math.max(1, retry) + " s." : "; this request can never pass.");
    return new JsonObject()
        .put("type", QUOTA_EXCEEDED)
        .put("title", "Too Many Requests")
        .put("status", 429)
        .put("detail", detail)
        .put("instance", instance)
        .put("violated-policies", new JsonArray().add(policy));
  }

  /** A 400 listing each problem as {path, value, reason}. */
  public static JsonObject invalidRequest(String detail, List<JsonObject> errors) {
    return new JsonObject()
        .put("type", INVALID_REQUEST)
        .put("title", "Bad Request")
        .put("status", 400)
        .put("detail", detail)
        .put("errors", new JsonArray(List.copyOf(errors)));
  }

  public static JsonObject error(String path, Object value, String reason) {
    JsonObject error = new JsonObject().put("path", path).put("reason", reason);
    if (value != null) {
      error.put("value", value);
    }
    return error;
  }

  static void send(HttpServerResponse response, int status, JsonObject problem) {
    response.setStatusCode(status)
        .putHeader("Content-Type", MEDIA_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(problem.toBuffer());
  }
}
