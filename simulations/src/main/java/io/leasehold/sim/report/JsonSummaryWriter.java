package io.leasehold.sim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasehold.sim.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * JSON summary: {@code {"scenario", "seed", "systems": [ {one object per system} ]}} with the
 * snake_case metric names of the issue; metrics without a sample are {@code null}.
 */
public final class JsonSummaryWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonSummaryWriter() {}

  public static ObjectNode toJson(Scenario scenario, List<SystemSummary> summaries) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", scenario.name());
    root.put("seed", scenario.seed());
    ArrayNode systems = root.putArray("systems");
    for (SystemSummary s : summaries) {
      putSystem(systems.addObject(), s);
    }
    return root;
  }

  /** Writes one system's metrics into {@code o} (also used by the live load generator's summary). */
  public static ObjectNode putSystem(ObjectNode o, SystemSummary s) {
    o.put("system", s.system());
    put(o, "over_admission_max_pct", s.overAdmissionMaxPct());
    put(o, "over_admission_p999_pct", s.overAdmissionP999Pct());
    put(o, "utilization_pct", s.utilizationPct());
    put(o, "convergence_p99_ms", s.convergenceP99Ms());
    put(o, "false_reject_pct", s.falseRejectPct());
    put(o, "false_admit_pct", s.falseAdmitPct());
    put(o, "control_messages_per_edge_per_s", s.controlMessagesPerEdgePerS());
    put(o, "store_ops_per_decision", s.storeOpsPerDecision());
    put(o, "wall_seconds", s.wallSeconds());
    put(o, "virtual_seconds", s.virtualSeconds());
    o.put("requests", s.requests());
    put(o, "admitted_pct", s.admittedPct());
    put(o, "decision_latency_p99_ms", s.decisionLatencyP99Ms());
    o.put("undecided", s.undecided());
    return o;
  }

  public static String write(Scenario scenario, List<SystemSummary> summaries) {
    try {
      return JSON.writeValueAsString(toJson(scenario, summaries));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise summary", e);
    }
  }

  public static void write(Scenario scenario, List<SystemSummary> summaries, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, write(scenario, summaries) + "\n");
  }

  private static void put(ObjectNode o, String field, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }
}
