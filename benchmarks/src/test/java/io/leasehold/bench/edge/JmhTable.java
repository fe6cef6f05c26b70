package io.leasehold.bench.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the edge-decision table from JMH JSON result files: per workload and thread count, each
 * limiter's ns/op, aggregate decisions/s, B/op and its speed relative to Bucket4j.
 *
 * <p>Usage: {@code JmhTable result.json...}.
 */
public final class JmhTable {
  private static final List<String> ORDER =
      List.of("leaseholdEdge", "leaseholdBucket", "leaseholdEdgeLeased", "bucket4j", "resilience4j");
  private static final Map<String, String> LABELS = Map.of(
      "leaseholdEdge", "Leasehold edge decide (match + lookup + bucket)",
      "leaseholdBucket", "Leasehold bucket only",
      "leaseholdEdgeLeased", "Leasehold edge decide, leased (regional mode)*",
      "bucket4j", "Bucket4j local bucket",
      "resilience4j", "resilience4j AtomicRateLimiter (cycle refill)");

  private JmhTable() {}

  record Row(String workload, int threads, String benchmark, double nsPerOp, double error, double bytesPerOp) {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Row> rows = new ArrayList<>();
    for (String file : args) {
      for (JsonNode run : json.readTree(new File(file))) {
        String name = run.path("benchmark").asText();
        String method = name.substring(name.lastIndexOf('.') + 1);
        JsonNode metrics = run.path("secondaryMetrics");
        // JMH 1.37 names it "gc.alloc.rate.norm"; older versions prefix a middle dot
        JsonNode alloc = metrics.has("gc.alloc.rate.norm") ? metrics.path("gc.alloc.rate.norm")
            : metrics.path("·gc.alloc.rate.norm");
        rows.add(new Row(run.path("params").path("workload").asText(), run.path("threads").asInt(), method,
            run.path("primaryMetric").path("score").asDouble(), run.path("primaryMetric").path("scoreError").asDouble(),
            alloc.isMissingNode() ? Double.NaN : alloc.path("score").asDouble()));
      }
    }
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    rows.sort(Comparator.comparing(Row::workload).reversed().thenComparingInt(Row::threads)
        .thenComparingInt(r -> ORDER.indexOf(r.benchmark())));
    for (Row r : rows) {
      groups.computeIfAbsent(r.workload() + " / " + r.threads(), k -> new ArrayList<>()).add(r);
    }
    System.out.println("| workload | threads | limiter | ns/op (± 99.9 % CI) | decisions/s, all threads | B/op | speed vs Bucket4j |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (List<Row> group : groups.values()) {
      double bucket4j = group.stream().filter(r -> r.benchmark().equals("bucket4j")).mapToDouble(Row::nsPerOp)
          .findFirst().orElse(Double.NaN);
      for (Row r : group) {
        System.out.printf("| %s | %d | %s | %.1f ± %.1f | %,.1f M | %.1f | %s |%n",
            r.workload().equals("HOT_KEY") ? "hot key" : "1M keys", r.threads(),
            LABELS.getOrDefault(r.benchmark(), r.benchmark()), r.nsPerOp(), r.error(),
            r.threads() * 1_000.0 / r.nsPerOp(), r.bytesPerOp(),
            Double.isNaN(bucket4j) ? "-" : String.format("%.2f×", bucket4j / r.nsPerOp()));
      }
    }
    System.out.println("* different semantics (capacity from leases, no local refill): not part of the equal-semantics ratio.");
  }
}
