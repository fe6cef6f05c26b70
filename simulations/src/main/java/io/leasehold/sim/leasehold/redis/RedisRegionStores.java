package io.leasehold.sim.leasehold.redis;

import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.redis.RedisQuotaStore;
import io.leasehold.aggregator.redis.RedisQuotaStoreOptions;
import io.leasehold.aggregator.redis.TimeSource;
import io.leasehold.local.MissingInfrastructureException;
import io.leasehold.local.process.Executables;
import io.leasehold.local.process.LoopbackPorts;
import io.leasehold.local.process.RedisProcess;
import io.leasehold.model.time.Clock;
import io.leasehold.sim.leasehold.RegionStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Each simulated region's quota store is the production {@link RedisQuotaStore} on a real Redis:
 * one {@code redis-server} per region, started on a free loopback port by the local cluster's
 * supervisor ({@link RedisProcess}) — or Redis servers someone else runs ({@link #connect}).
 *
 * <p>The stores run in caller-time mode ({@link TimeSource#caller}) on the run's virtual clock, so
 * their buckets refill in virtual time exactly like the in-memory store's, while Redis does the
 * arithmetic (the Lua function) for real. Each {@link #open} uses a key prefix of its own, so runs
 * never see each other's buckets. The instance owns one Vert.x (one event loop) for the Redis
 * clients' I/O; the simulator's thread only waits on their futures.
 *
 * <p>Close it after the runs: it closes the clients and Vert.x, stops the servers it started and
 * deletes their temporary directory.
 */
public final class RedisRegionStores implements RegionStores, AutoCloseable {
  private static final int START_ATTEMPTS = 3;
  // generous: a run waits for every call, and a shared CI core can stall a few hundred ms
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, String> urls;
  private final List<RedisProcess> owned;
  private final Path ownedDir;
  private final Vertx vertx;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<RedisQuotaStore> opened = new ArrayList<>();
  // caller-time keys never expire: a Redis shared across instances must not hand one's buckets to another
  private final String keyPrefix = "leasehold-sim:" + UUID.randomUUID().toString().substring(0, 8);
  private int runs;
  private boolean closed;

  private RedisRegionStores(Map<String, String> urls, List<RedisProcess> owned, Path ownedDir) {
    this.urls = Collections.unmodifiableMap(new LinkedHashMap<>(urls));
    this.owned = List.copyOf(owned);
    this.ownedDir = ownedDir;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
  }

  /**
   * Starts one {@code redis-server} per region (no persistence, loopback only) in a temporary
   * directory, each on a fresh free port (retried on another port when the start fails).
   *
   * @throws MissingInfrastructureException when {@code redis-server} is not on PATH (with the
   *     command that installs it)
   * @throws IOException when a server does not start (with its log's tail)
   */
  public static RedisRegionStores start(List<String> regions) throws IOException {
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("regions: empty; a scenario has at least one region");
    }
    if (Executables.onPath("redis-server").isEmpty()) {
      throw new MissingInfrastructureException("redis-server is not on PATH; --redis runs one per region. Install it "
          + "(Debian/Ubuntu: sudo apt-get install -y redis-server), or simulate without --redis (in-memory stores).");
    }
    Path dir = Files.createTempDirectory("leasehold-sim-redis-");
    LoopbackPorts ports = new LoopbackPorts();
    Map<String, String> urls = new LinkedHashMap<>();
    List<RedisProcess> started = new ArrayList<>();
    try {
      for (String region : regions) {
        RedisProcess process = startOne(region, ports, dir);
        started.add(process);
        urls.put(region, process.url());
      }
    } catch (IOException | RuntimeException e) {
      started.forEach(RedisProcess::stop);
      deleteRecursively(dir);
      throw e;
    }
    return new RedisRegionStores(urls, started, dir);
  }

  /**
   * Uses Redis servers that are already running ({@code region → redis://host:port}; regions may
   * share one) and leaves them running. Caller-time buckets have no Redis expiry, so the keys a run
   * wrote (prefix {@code leasehold-sim:}) stay until that Redis is flushed: use a disposable one.
   */
  public static RedisRegionStores connect(Map<String, String> urlByRegion) {
    if (urlByRegion.isEmpty()) {
      throw new IllegalArgumentException("urlByRegion: empty; name one Redis URL per region");
    }
    return new RedisRegionStores(urlByRegion, List.of(), null);
  }

  private static RedisProcess startOne(String region, LoopbackPorts ports, Path dir) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = ports.next();
      RedisProcess process = new RedisProcess("redis-" + region + "-" + port, port, dir.resolve(region + "-" + port));
      try {
        process.start();
        return process;
      } catch (IOException e) {
        last = e; // most likely another process took the port before redis-server bound it
      }
    }
    throw new IOException("redis-server for region " + region + " did not start in " + START_ATTEMPTS
        + " attempts: " + last.getMessage(), last);
  }

  @Override
  public synchronized QuotaStore open(String region, Clock clock) {
    if (closed) {
      throw new IllegalStateException("RedisRegionStores is closed");
    }
    String url = urls.get(region);
    if (url == null) {
      throw new IllegalArgumentException("region '" + region + "' has no Redis; known regions: " + urls.keySet());
    }
    RedisQuotaStoreOptions options = RedisQuotaStoreOptions.builder(url)
        .keyPrefix(keyPrefix + ":run" + runs++)
        .callTimeout(CALL_TIMEOUT)
        .maxPoolSize(1) // one call at a time: the simulator waits for each
        .timeSource(TimeSource.caller(clock))
        .build();
    RedisQuotaStore store = RedisQuotaStore.create(vertx, options, registry, Clock.system());
    opened.add(store);
    try {
      store.start().await(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not load the leasehold function library into " + url
          + " (region " + region + "): " + e.getMessage(), e);
    }
    return store;
  }

  @Override
  public String describe() {
    return (owned.isEmpty() ? "Redis per region " : "redis-server per region ") + urls
        + ", caller (virtual) time";
  }

  /** Region → {@code redis://host:port}. */
  public Map<String, String> urls() {
    return urls;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RedisQuotaStore store : opened) {
      try {
        store.close().await(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // closing Vert.x below releases whatever is left
      }
    }
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the servers are stopped regardless
    }
    owned.forEach(RedisProcess::stop);
    if (ownedDir != null) {
      deleteRecursively(ownedDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
