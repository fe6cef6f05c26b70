package io.leasehold.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The coordinators' admin API as the supervisor uses it: tries each coordinator until one answers. */
final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();
  private final java.util.function.Supplier<List<String>> coordinatorUrls;
  private final String token;

  /**
   * @param coordinatorUrls coordinators in the order to try them, asked anew for each call: the
   *     leader first, because a freshly restarted standby may answer from a mirror of etcd it has
   *     not loaded yet
   */
  AdminClient(java.util.function.Supplier<List<String>> coordinatorUrls, String token) {
    this.coordinatorUrls = coordinatorUrls;
    this.token = token;
  }

  /** Replaces the whole rule set; returns the new config revision. */
  long putRules(String yaml) throws IOException {
    return revision(send("PUT", "/v1/rules", "application/yaml", yaml));
  }

  /** Sets limit 0 of a rule to {@code rate} (burst = N of the rate); returns the new config revision. */
  long setRate(String ruleId, String rate) throws IOException {
    JsonNode rule = JSON.readTree(send("GET", "/v1/rules/" + ruleId, null, null));
    JsonNode limits = rule.path("limits");
    if (!limits.isArray() || limits.isEmpty()) {
      throw new IOException("rule " + ruleId + " has no limits: " + rule);
    }
    ObjectNode first = (ObjectNode) limits.get(0);
    first.put("rate", rate);
    first.remove("burst");
    ((ArrayNode) limits).set(0, first);
    return revision(send("PUT", "/v1/rules/" + ruleId, "application/json", JSON.writeValueAsString(rule)));
  }

  private static long revision(String body) throws IOException {
    JsonNode revision = JSON.readTree(body).path("revision");
    if (!revision.canConvertToLong()) {
      throw new IOException("admin API answer without a revision: " + body);
    }
    return revision.asLong();
  }

  private String send(String method, String path, String contentType, String body) throws IOException {
    IOException last = null;
    for (String base : coordinatorUrls.get()) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
          .header("Authorization", "Bearer " + token)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = new IOException(method + " " + base + path + ": " + e.getMessage(), e);
        continue; // that coordinator is down: try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (response.statusCode() / 100 == 2) {
        return response.body();
      }
      last = new IOException(method + " " + base + path + ": HTTP " + response.statusCode() + ": " + response.body());
      if (response.statusCode() < 500) {
        throw last; // the request itself is wrong: another coordinator would say the same
      }
    }
    throw last;
  }
}
