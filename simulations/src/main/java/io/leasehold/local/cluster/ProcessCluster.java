package io.leasehold.local.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.leasehold.local.ClusterSpec;
import io.leasehold.local.LocalCluster;
import io.leasehold.local.MissingInfrastructureException;
import io.leasehold.local.net.BuiltInUpstream;
import io.leasehold.local.net.CuttableTcpProxy;
import io.leasehold.local.process.ComponentProcess;
import io.leasehold.local.process.EtcdProcess;
import io.leasehold.local.process.Executables;
import io.leasehold.local.process.LoopbackPorts;
import io.leasehold.local.process.Probes;
import io.leasehold.local.process.RedisProcess;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@link LocalCluster} made of real processes. Topology per region: its {@code redis-server}, its
 * aggregator replicas (every edge lists them all and fails over by itself), its edges, and a
 * cuttable proxy between its aggregators and the coordinators (the region's WAN link; coordinators
 * run {@code standby_mode: forward}, so whichever is alive answers).
 */
public final class ProcessCluster implements LocalCluster {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final ClusterSpec spec;
  private final Path workDir;
  private final boolean temporaryWorkDir;
  private final PrintStream progress;
  private final String adminToken = token();
  private final String syncToken = token();
  private final LoopbackPorts ports = new LoopbackPorts();
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, RedisProcess> redis = new LinkedHashMap<>();
  private final List<ComponentProcess> coordinators = new ArrayList<>();
  private final Map<String, CuttableTcpProxy> coordinatorLinks = new LinkedHashMap<>();
  private final Map<String, List<ComponentProcess>> aggregators = new LinkedHashMap<>();
  private final Map<String, List<ComponentProcess>> edges = new LinkedHashMap<>();
  private EtcdProcess etcd;
  private BuiltInUpstream upstream;
  private String upstreamUrl;
  private AdminClient admin;
  private long rulesRevision;

  private ProcessCluster(ClusterSpec spec, Path workDir, boolean temporaryWorkDir, PrintStream progress) {
    this.spec = spec;
    this.workDir = workDir;
    this.temporaryWorkDir = temporaryWorkDir;
    this.progress = progress;
  }

  public static ProcessCluster start(ClusterSpec spec, PrintStream progress) throws IOException {
    Executables.missing(List.of("redis-server", "etcd")).ifPresent(message -> {
      throw new MissingInfrastructureException(message);
    });
    // Absolute: every child runs in its own directory, and relative paths in its arguments would break.
    Path dir = spec.workDir().isPresent() ? Files.createDirectories(spec.workDir().get().toAbsolutePath())
        : Files.createTempDirectory("leasehold-local-");
    ProcessCluster cluster = new ProcessCluster(spec, dir, spec.workDir().isEmpty(), progress);
    try {
      cluster.startAll();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll() throws IOException {
    progress.println("work directory (configs, logs): " + workDir);
    etcd = new EtcdProcess("etcd", ports.next(), ports.next(), workDir.resolve("etcd"));
    etcd.start();
    progress.println("etcd        " + etcd.clientUrl());
    for (String region : spec.regions()) {
      RedisProcess r = new RedisProcess("redis-" + region, ports.next(), workDir.resolve("redis-" + region));
      r.start();
      redis.put(region, r);
      progress.println("redis       " + region + " " + r.url());
    }
    startCoordinators();
    admin = new AdminClient(() -> {
      List<String> ordered = new ArrayList<>();
      leaderUrl().ifPresent(ordered::add);
      coordinatorUrls().stream().filter(u -> !ordered.contains(u)).forEach(ordered::add);
      return ordered;
    }, adminToken);
    rulesRevision = retry("apply the rules", () -> admin.putRules(spec.rulesYaml()));
    progress.println("rules       applied at revision " + rulesRevision);
    for (String region : spec.regions()) {
      startRegion(region);
    }
    awaitAll("every aggregator has the rules (/readyz)", () -> aggregators.values().stream().flatMap(List::stream)
        .allMatch(a -> Probes.httpOk(a.url() + "/readyz")));
    if (spec.upstreamUrl().isPresent()) {
      upstreamUrl = spec.upstreamUrl().get();
    } else {
      try {
        upstream = BuiltInUpstream.start(vertx, 0);
      } catch (Exception e) {
        throw new IOException("built-in upstream: " + e.getMessage(), e);
      }
      upstreamUrl = upstream.url();
    }
    progress.println("upstream    " + upstreamUrl);
    startEdges();
  }

  private void startCoordinators() throws IOException {
    for (int i = 0; i < spec.coordinators(); i++) {
      String id = "coord-" + (char) ('a' + i);
      int port = ports.next();
      Path dir = workDir.resolve(id);
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("id", id);
      config.put("listen", Map.of("host", "127.0.0.1", "port", port));
      config.put("advertised_url", "http://127.0.0.1:" + port);
      config.put("standby_mode", "forward");
      config.put("regions", spec.regions());
      config.put("grant_ttl", spec.grantTtl().toSeconds() + "s");
      config.put("sync_interval", spec.regionSyncInterval().toMillis() + "ms");
      config.put("etcd", Map.of("lease_ttl", spec.etcdLeaseTtl().toSeconds() + "s"));
      Path file = writeYaml(dir, "coordinator.yaml", config);
      ComponentProcess c = new ComponentProcess(id, port, spec.jvmOptions(),
          List.of("coordinator", "--config", file.toString()),
          Map.of("LEASEHOLD_ADMIN_TOKEN", adminToken, "LEASEHOLD_SYNC_TOKEN", syncToken,
              "LEASEHOLD_ETCD_ENDPOINTS", etcd.clientUrl()), dir);
      coordinators.add(c);
    }
    startInParallel(coordinators);
    coordinators.forEach(c -> progress.println("coordinator " + c.name() + " " + c.url()));
    awaitAll("a coordinator leads", () -> leaderUrl().isPresent());
    progress.println("leader      " + leaderUrl().orElse("?"));
  }

  private void startRegion(String region) throws IOException {
    CuttableTcpProxy link = proxy("link-" + region,
        coordinators.stream().map(ComponentProcess::port).toList());
    coordinatorLinks.put(region, link);
    List<ComponentProcess> replicas = new ArrayList<>();
    for (int i = 0; i < spec.aggregatorsPerRegion(); i++) {
      String id = region + "-agg-" + (i + 1);
      int port = ports.next();
      Path dir = workDir.resolve(id);
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("region", region);
      config.put("aggregator_id", id);
      config.put("regions", spec.regions());
      config.put("server", Map.of("host", "127.0.0.1", "port", port));
      config.put("auth", Map.of("token", syncToken));
      config.put("redis", Map.of("url", redis.get(region).url(), "timeout_ms", 250));
      config.put("coordinator", Map.of("url", "http://127.0.0.1:" + link.port(),
          "interval_ms", spec.regionSyncInterval().toMillis(), "timeout_ms", 800));
      // An edge asks for more (an early sync) once its tokens fall below 2 sync intervals of demand
      // (edge prefetch_intervals); topping it up to 4 intervals keeps it above that mark for a whole
      // interval, so each edge costs one sync (one Redis call) per interval, not one per 20 ms.
      config.put("lease", Map.of("edge_sync_ms", spec.edgeSyncInterval().toMillis(),
          "prefetch_ms", 4 * spec.edgeSyncInterval().toMillis(),
          "ttl_ms", Math.max(2_000, 5 * spec.edgeSyncInterval().toMillis())));
      config.put("emergency", Map.of("replicas", spec.aggregatorsPerRegion()));
      Path file = writeYaml(dir, "aggregator.yaml", config);
      replicas.add(new ComponentProcess(id, port, spec.jvmOptions(),
          List.of("aggregator", "--config", file.toString()), Map.of(), dir));
    }
    aggregators.put(region, replicas);
    startInParallel(replicas);
    progress.println("region      " + region + ": aggregators " + replicas.stream().map(ComponentProcess::url).toList()
        + ", coordinator link :" + link.port());
  }

  /**
   * The edge sidecars: one per {@code edges_per_region} in every region, each syncing with its
   * region's aggregator balancer and proxying to the upstream.
   */
  private void startEdges() throws IOException {
    for (String region : spec.regions()) {
      List<ComponentProcess> list = new ArrayList<>();
      List<String> replicas = aggregatorUrls(region);
      for (int i = 0; i < spec.edgesPerRegion(); i++) {
        String id = region + "-edge-" + (i + 1);
        int port = ports.next();
        Path dir = workDir.resolve(id);
        List<String> rotated = new ArrayList<>(replicas);
        java.util.Collections.rotate(rotated, -i);
        Path file = writeYaml(dir, "edge.yaml",
            EdgeSidecars.config(id, region, port, spec, rotated, syncToken, upstreamUrl));
        list.add(EdgeSidecars.process(id, port, file, spec, dir));
      }
      edges.put(region, list);
    }
    startInParallel(edges.values().stream().flatMap(List::stream).toList());
    awaitAll("every sidecar is ready (/readyz: rules and a lease source)", () -> edges.values().stream()
        .flatMap(List::stream).allMatch(e -> Probes.httpOk(e.url() + "/readyz")));
    edges.forEach((region, list) -> progress.println("sidecars    " + region + " "
        + list.stream().map(ComponentProcess::url).toList()));
  }

  private CuttableTcpProxy proxy(String name, List<Integer> upstreams) throws IOException {
    try {
      return CuttableTcpProxy.start(name, vertx, 0, upstreams);
    } catch (Exception e) {
      throw new IOException("proxy " + name + ": " + e.getMessage(), e);
    }
  }

  /** JVM start-up dominates; starting a tier's processes together halves the cluster's start time. */
  private static void startInParallel(List<ComponentProcess> components) throws IOException {
    List<Thread> threads = new ArrayList<>();
    List<IOException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (ComponentProcess c : components) {
      Thread t = new Thread(() -> {
        try {
          c.start();
        } catch (IOException e) {
          failures.add(e);
        }
      }, "start-" + c.name());
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting", e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  private Path writeYaml(Path dir, String name, Map<String, Object> config) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, YAML.writeValueAsString(config));
    return file;
  }

  private interface IoCall<T> {
    T call() throws IOException;
  }

  private static <T> T retry(String what, IoCall<T> call) throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    IOException last;
    do {
      try {
        return call.call();
      } catch (IOException e) {
        last = e;
        sleep(200);
      }
    } while (System.nanoTime() < deadline);
    throw new IOException("could not " + what + " within " + READY_TIMEOUT.toSeconds() + " s: " + last.getMessage(), last);
  }

  private void awaitAll(String what, BooleanSupplier condition) throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      sleep(100);
    }
    throw new IOException("timed out after " + READY_TIMEOUT.toSeconds() + " s waiting until " + what
        + "; logs are in " + workDir);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String token() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  // ---- views ----

  @Override
  public ClusterSpec spec() {
    return spec;
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("Leasehold local cluster (").append(spec.regions().size()).append(" regions)\n");
    sb.append("  admin API     ").append(String.join(" ", coordinatorUrls()))
        .append("  (Authorization: Bearer ").append(adminToken).append(")\n");
    sb.append("  leader        ").append(leaderUrl().orElse("(none)")).append('\n');
    sb.append("  etcd          ").append(etcd.clientUrl()).append('\n');
    sb.append("  upstream      ").append(upstreamUrl).append('\n');
    for (String region : spec.regions()) {
      sb.append("  ").append(region).append('\n');
      sb.append("    sidecars    ").append(sidecarUrls(region).isEmpty() ? "(none)" : String.join(" ", sidecarUrls(region)))
          .append('\n');
      sb.append("    aggregators ").append(String.join(" ", aggregatorUrls(region))).append('\n');
      sb.append("    redis       ").append(redis.get(region).url()).append('\n');
    }
    sb.append("  metrics       <any component URL>/metrics (Prometheus); health /healthz, /readyz\n");
    sb.append("  logs          ").append(workDir).append("/<component>/<component>.log\n");
    sb.append("  sync token    ").append(syncToken).append('\n');
    return sb.toString();
  }

  @Override
  public List<String> sidecarUrls(String region) {
    return edges.getOrDefault(region, List.of()).stream().map(ComponentProcess::url).toList();
  }

  @Override
  public List<String> aggregatorUrls(String region) {
    return requireRegion(aggregators, region).stream().map(ComponentProcess::url).toList();
  }

  @Override
  public List<String> coordinatorUrls() {
    return coordinators.stream().map(ComponentProcess::url).toList();
  }

  @Override
  public String adminToken() {
    return adminToken;
  }

  @Override
  public Optional<String> leaderUrl() {
    return coordinators.stream().filter(ComponentProcess::isAlive).filter(ProcessCluster::leads)
        .map(ComponentProcess::url).findFirst();
  }

  private static boolean leads(ComponentProcess coordinator) {
    return Probes.get(coordinator.url() + "/readyz").map(body -> {
      try {
        return JSON.readTree(body).path("leader").asBoolean(false);
      } catch (IOException e) {
        return false;
      }
    }).orElse(false);
  }

  private static <T> T requireRegion(Map<String, T> byRegion, String region) {
    T value = byRegion.get(region);
    if (value == null) {
      throw new IllegalArgumentException("region: \"" + region + "\": not in this cluster " + byRegion.keySet());
    }
    return value;
  }

  // ---- faults ----

  @Override
  public void killAggregator(String region, int index) {
    List<ComponentProcess> replicas = requireRegion(aggregators, region);
    if (index < 0 || index >= replicas.size()) {
      throw new IllegalArgumentException("index: " + index + ": region " + region + " has aggregators 0.."
          + (replicas.size() - 1));
    }
    replicas.get(index).kill();
  }

  @Override
  public void stopRedis(String region) {
    requireRegion(redis, region).stop();
  }

  @Override
  public void startRedis(String region) throws IOException {
    requireRegion(redis, region).start();
  }

  @Override
  public Optional<Duration> killLeader(Duration wait) {
    // One /readyz probe can time out on a loaded machine (a CI run once failed the step here while
    // a leader was in office): look for the leader until the step's wait runs out.
    long lookUntil = System.nanoTime() + wait.toNanos();
    Optional<ComponentProcess> found = Optional.empty();
    while (found.isEmpty()) {
      found = coordinators.stream().filter(ComponentProcess::isAlive).filter(ProcessCluster::leads).findFirst();
      if (found.isEmpty()) {
        if (System.nanoTime() - lookUntil >= 0) {
          throw new IllegalStateException("no coordinator leads now (looked for " + wait.toMillis() + " ms)");
        }
        sleep(50);
      }
    }
    ComponentProcess leader = found.get();
    long killedAt = System.nanoTime();
    leader.kill();
    long deadline = killedAt + wait.toNanos();
    while (System.nanoTime() < deadline) {
      if (coordinators.stream().filter(c -> c != leader).filter(ComponentProcess::isAlive)
          .anyMatch(ProcessCluster::leads)) {
        return Optional.of(Duration.ofNanos(System.nanoTime() - killedAt));
      }
      sleep(20);
    }
    return Optional.empty();
  }

  @Override
  public void stopEtcd() {
    etcd.stop();
  }

  @Override
  public void startEtcd() throws IOException {
    etcd.start();
  }

  @Override
  public void partition(String region) {
    requireRegion(coordinatorLinks, region).cut();
  }

  @Override
  public void heal(String region) {
    requireRegion(coordinatorLinks, region).heal();
  }

  @Override
  public List<String> revive() throws IOException {
    List<ComponentProcess> dead = Stream.of(coordinators.stream(),
            aggregators.values().stream().flatMap(List::stream), edges.values().stream().flatMap(List::stream))
        .flatMap(s -> s).filter(c -> !c.isAlive()).toList();
    startInParallel(dead);
    return dead.stream().map(ComponentProcess::name).toList();
  }

  @Override
  public long setRate(String ruleId, String rate) throws IOException {
    return admin.setRate(ruleId, rate);
  }

  @Override
  public Map<String, Long> edgeConfigRevisions() {
    Map<String, Long> revisions = new LinkedHashMap<>();
    edges.values().stream().flatMap(List::stream).filter(ComponentProcess::isAlive)
        .forEach(e -> EdgeSidecars.configRevision(e).ifPresent(r -> revisions.put(e.name(), r)));
    return revisions;
  }

  @Override
  public Map<String, Long> redisCommandCalls(String region) throws IOException {
    return requireRegion(redis, region).commandCalls();
  }

  @Override
  public void close() {
    edges.values().stream().flatMap(List::stream).forEach(ComponentProcess::stop);
    aggregators.values().stream().flatMap(List::stream).forEach(ComponentProcess::stop);
    coordinatorLinks.values().forEach(CuttableTcpProxy::close);
    coordinators.forEach(ComponentProcess::stop);
    redis.values().forEach(RedisProcess::stop);
    if (etcd != null) {
      etcd.stop();
    }
    if (upstream != null) {
      upstream.close();
    }
    try {
      vertx.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
    if (temporaryWorkDir) {
      deleteRecursively(workDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a leftover temporary directory is harmless
    }
  }
}
