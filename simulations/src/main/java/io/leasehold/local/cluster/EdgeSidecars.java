package io.leasehold.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasehold.local.ClusterSpec;
import io.leasehold.local.process.ComponentProcess;
import io.leasehold.local.process.Probes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the cluster configures an edge sidecar ({@code leasehold edge}) and reads the config revision it enforces. */
final class EdgeSidecars {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EdgeSidecars() {}

  /**
   * An edge of {@code region} syncing with the region's aggregators (its own client fails over
   * between them; the list is rotated per edge so that the replicas share the edges).
   */
  static Map<String, Object> config(String id, String region, int port, ClusterSpec spec, List<String> aggregatorUrls,
      String syncToken, String upstreamUrl) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("edge_id", id);
    config.put("region", region);
    config.put("listen", Map.of("host", "127.0.0.1", "port", port));
    config.put("upstream", Map.of("url", upstreamUrl, "pool_size", 64));
    config.put("aggregator", Map.of("urls", aggregatorUrls, "token", syncToken,
        "sync_interval", spec.edgeSyncInterval().toMillis() + "ms", "timeout", "500ms",
        "backoff_max", "1s", "breaker_cooldown", "1s"));
    // One event loop: a dozen JVMs share this machine, and one loop serves thousands of requests/s.
    config.put("instances", 1);
    return config;
  }

  static ComponentProcess process(String id, int port, Path configFile, ClusterSpec spec, Path dir) {
    return new ComponentProcess(id, port, spec.jvmOptions(), List.of("edge", "--config", configFile.toString()),
        Map.of(), dir);
  }

  /** The config revision the edge says it enforces ({@code config_revision} of its {@code /readyz}, ready or not). */
  static Optional<Long> configRevision(ComponentProcess edge) {
    return Probes.getAnyStatus(edge.url() + "/readyz").flatMap(body -> {
      try {
        JsonNode revision = JSON.readTree(body).path("config_revision");
        return revision.canConvertToLong() ? Optional.of(revision.asLong()) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }
}
