package io.leasehold.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasehold.local.ClusterSpec;
import io.leasehold.local.process.ComponentProcess;
import io.leasehold.local.process.Probes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the cluster runs an edge sidecar ({@code leasehold edge}) and reads the config revision it
 * enforces. Kept apart from the rest of the supervisor: the sidecar's command is the one component
 * whose shell may be absent from a build, and the cluster then runs without sidecars.
 */
final class EdgeSidecars {
  private static final String COMMAND_CLASS = "io.leasehold.edge.EdgeCommand";
  private static final ObjectMapper JSON = new ObjectMapper();

  private EdgeSidecars() {}

  /** Whether this build has the {@code edge} command. */
  static boolean available() {
    try {
      Class.forName(COMMAND_CLASS, false, EdgeSidecars.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static ComponentProcess process(String id, String region, int port, Path dir, ClusterSpec spec,
      String aggregatorUrl, String syncToken, String upstreamUrl) throws IOException {
    return new ComponentProcess(id, port, spec.jvmOptions(),
        List.of("edge", "--region", region, "--port", Integer.toString(port),
            "--aggregator", aggregatorUrl, "--upstream", upstreamUrl),
        Map.of("LEASEHOLD_SYNC_TOKEN", syncToken, "LEASEHOLD_EDGE_ID", id), dir);
  }

  /** The config revision the edge says it enforces ({@code config_revision} of its {@code /readyz}). */
  static Optional<Long> configRevision(ComponentProcess edge) {
    return Probes.get(edge.url() + "/readyz").flatMap(body -> {
      try {
        JsonNode revision = JSON.readTree(body).path("config_revision");
        return revision.canConvertToLong() ? Optional.of(revision.asLong()) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }
}
