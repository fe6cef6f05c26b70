package io.leasehold.aggregator.http;

import io.leasehold.aggregator.AggregatorConfig;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** Starts aggregators for tests and talks to them like an edge. */
final class TestAggregators {
  static final String TOKEN = "test-sync-token-0123456789";
  static final MessageCodec CODEC = MessageCodec.json();

  private TestAggregators() {}

  static AggregatorConfig config(String yamlExtra, Path rules, String redisUrl, Optional<String> coordinator) {
    StringBuilder yaml = new StringBuilder()
        .append("region: eu-west\nregions: [eu-west]\n")
        .append("server: { host: 127.0.0.1, port: 0, max_body_bytes: 65536 }\n")
        .append("auth: { token: ").append(TOKEN).append(" }\n")
        .append("redis: { url: '").append(redisUrl).append("', timeout_ms: 2000 }\n");
    if (rules != null) {
      yaml.append("rules_file: '").append(rules).append("'\n");
    }
    coordinator.ifPresent(url -> yaml.append("coordinator: { url: '").append(url).append("', interval_ms: 100 }\n"));
    yaml.append(yamlExtra);
    return ConfigReader.read(yaml.toString(), Map.of(), Optional.empty());
  }

  static Path rulesFile(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  static AggregatorServer start(Vertx vertx, AggregatorConfig config) throws Exception {
    return AggregatorServer.start(vertx, config, new RuleDocumentCompiler(config.region(), config.regions()))
        .await(20, TimeUnit.SECONDS);
  }

  static EdgeSyncRequest request(String edge, long seq, QuotaReport... reports) {
    return new EdgeSyncRequest(ProtocolVersion.CURRENT, edge, Optional.of("eu-west"), seq, 0, OptionalLong.empty(),
        List.of(reports));
  }

  static QuotaReport report(QuotaId quota, long consumed, long wantedPerSecond, long returned) {
    return new QuotaReport(quota, consumed, 0, wantedPerSecond * 1_000_000L, returned, 0);
  }

  static HttpResponse<Buffer> post(WebClient client, int port, String token, byte[] body) throws Exception {
    var request = client.post(port, "127.0.0.1", "/v1/sync").putHeader("Content-Type", "application/json");
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return request.sendBuffer(Buffer.buffer(body)).await(10, TimeUnit.SECONDS);
  }

  static EdgeSyncResponse sync(WebClient client, int port, EdgeSyncRequest request) throws Exception {
    HttpResponse<Buffer> response = post(client, port, TOKEN, CODEC.encode(request));
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.bodyAsString());
    }
    return CODEC.decode(response.body().getBytes(), EdgeSyncResponse.class).orElseThrow();
  }
}
