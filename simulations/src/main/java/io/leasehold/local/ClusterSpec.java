package io.leasehold.local;

import io.leasehold.local.process.ComponentProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of a local cluster: its regions and how many of each component run, the timings that
 * the faults interact with, the rules applied at start, and where configs and logs go.
 *
 * @param workDir where generated configs, data and logs go; empty = a fresh temporary directory,
 *     deleted at close
 * @param upstreamUrl the service behind the sidecars; empty = the built-in one (answers 200)
 */
public record ClusterSpec(
    List<String> regions,
    int aggregatorsPerRegion,
    int edgesPerRegion,
    int coordinators,
    Duration etcdLeaseTtl,
    Duration grantTtl,
    Duration regionSyncInterval,
    Duration edgeSyncInterval,
    String rulesYaml,
    Optional<Path> workDir,
    Optional<String> upstreamUrl,
    List<String> jvmOptions) {

  public static final List<String> DEFAULT_REGIONS =
      List.of("us-east", "eu-west", "ap-south", "us-west", "eu-north", "sa-east", "ap-east", "af-south");
  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public ClusterSpec {
    regions = List.copyOf(regions);
    jvmOptions = List.copyOf(jvmOptions);
    List<String> problems = new ArrayList<>();
    if (regions.isEmpty() || regions.size() > DEFAULT_REGIONS.size()) {
      problems.add("regions: " + regions.size() + ": must be 1 to " + DEFAULT_REGIONS.size());
    }
    if (new HashSet<>(regions).size() != regions.size()) {
      problems.add("regions: " + regions + ": names must be unique");
    }
    regions.stream().filter(r -> !REGION.matcher(r).matches())
        .forEach(r -> problems.add("regions: \"" + r + "\": must match " + REGION.pattern()));
    range(problems, "aggregators_per_region", aggregatorsPerRegion, 1, 8);
    range(problems, "edges_per_region", edgesPerRegion, 0, 16);
    range(problems, "coordinators", coordinators, 1, 5);
    if (etcdLeaseTtl.toMillis() % 1000 != 0 || etcdLeaseTtl.toSeconds() < 2) {
      problems.add("etcd_lease_ttl: " + etcdLeaseTtl.toMillis() + "ms: must be whole seconds, at least 2s");
    }
    if (grantTtl.toMillis() % 1000 != 0 || grantTtl.toSeconds() < 1) {
      problems.add("grant_ttl: " + grantTtl.toMillis() + "ms: must be whole seconds, at least 1s");
    }
    if (regionSyncInterval.toMillis() < 50 || regionSyncInterval.compareTo(grantTtl) >= 0) {
      problems.add("region_sync_interval: " + regionSyncInterval.toMillis() + "ms: must be at least 50ms and below grant_ttl");
    }
    if (edgeSyncInterval.toMillis() < 10 || edgeSyncInterval.toMillis() > 10_000) {
      problems.add("edge_sync_interval: " + edgeSyncInterval.toMillis() + "ms: must be 10ms to 10s");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
  }

  private static void range(List<String> problems, String field, int value, int min, int max) {
    if (value < min || value > max) {
      problems.add(field + ": " + value + ": must be " + min + " to " + max);
    }
  }

  /** {@code regions} regions (named from {@link #DEFAULT_REGIONS}) with the example rules. */
  public static ClusterSpec defaults(int regions, int edgesPerRegion) {
    if (regions < 1 || regions > DEFAULT_REGIONS.size()) {
      throw new IllegalArgumentException("regions: " + regions + ": must be 1 to " + DEFAULT_REGIONS.size());
    }
    List<String> names = DEFAULT_REGIONS.subList(0, regions);
    return new ClusterSpec(names, 2, edgesPerRegion, 2, Duration.ofSeconds(2), Duration.ofSeconds(3),
        Duration.ofMillis(500), Duration.ofMillis(200), exampleRules(names), Optional.empty(), Optional.empty(),
        ComponentProcess.DEFAULT_JVM_OPTIONS);
  }

  /**
   * Example rules: a global per-API-key limit, and a global aggregate on search with a guaranteed
   * floor per region (what a region keeps when cut off from the coordinator).
   */
  public static String exampleRules(List<String> regions) {
    Map<String, String> floors = new LinkedHashMap<>();
    String floor = String.format(java.util.Locale.ROOT, "%.2f", Math.floor(50.0 / regions.size()) / 100.0);
    regions.forEach(r -> floors.put(r, floor));
    StringBuilder floorYaml = new StringBuilder("{ ");
    floors.forEach((r, f) -> floorYaml.append(floorYaml.length() > 2 ? ", " : "").append(r).append(": ").append(f));
    floorYaml.append(" }");
    return """
        rules:
          - id: api-per-key
            description: per API key, all regions together
            match: { path: "/api/**" }
            key: header:X-Api-Key
            limits: [ { rate: 100/s, burst: 100 } ]
            key_region_share: traffic
          - id: search-global
            description: search, all callers and regions together
            match: { path: /search, methods: [GET] }
            key: constant
            limits: [ { rate: 400/s, burst: 400 } ]
            region_floors: %s
        """.formatted(floorYaml);
  }

  public ClusterSpec withAggregatorsPerRegion(int n) {
    return new ClusterSpec(regions, n, edgesPerRegion, coordinators, etcdLeaseTtl, grantTtl, regionSyncInterval,
        edgeSyncInterval, rulesYaml, workDir, upstreamUrl, jvmOptions);
  }

  public ClusterSpec withSyncIntervals(Duration regionSync, Duration edgeSync) {
    return new ClusterSpec(regions, aggregatorsPerRegion, edgesPerRegion, coordinators, etcdLeaseTtl, grantTtl,
        regionSync, edgeSync, rulesYaml, workDir, upstreamUrl, jvmOptions);
  }

  public ClusterSpec withRules(String yaml) {
    return new ClusterSpec(regions, aggregatorsPerRegion, edgesPerRegion, coordinators, etcdLeaseTtl, grantTtl,
        regionSyncInterval, edgeSyncInterval, yaml, workDir, upstreamUrl, jvmOptions);
  }

  public ClusterSpec withWorkDir(Path dir) {
    return new ClusterSpec(regions, aggregatorsPerRegion, edgesPerRegion, coordinators, etcdLeaseTtl, grantTtl,
        regionSyncInterval, edgeSyncInterval, rulesYaml, Optional.of(dir), upstreamUrl, jvmOptions);
  }

  public ClusterSpec withUpstream(String url) {
    return new ClusterSpec(regions, aggregatorsPerRegion, edgesPerRegion, coordinators, etcdLeaseTtl, grantTtl,
        regionSyncInterval, edgeSyncInterval, rulesYaml, workDir, Optional.of(url), jvmOptions);
  }
}
