package io.leasehold.bench.regional;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.http.AggregatorServer;
import io.leasehold.aggregator.http.ConfigReader;
import io.leasehold.aggregator.http.RuleDocumentCompiler;
import io.leasehold.aggregator.redis.RedisQuotaStore;
import io.leasehold.aggregator.redis.RedisQuotaStoreOptions;
import io.leasehold.bench.LimitWorkload;
import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.edge.SyncRound;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.Scope;
import io.leasehold.model.time.Clock;
import io.leasehold.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The regional path, three designs on one real redis-server in one run, each for one hot key and
 * for Zipf-distributed keys, every key under the same {@link LimitWorkload} limit:
 *
 * <ol>
 *   <li><b>Leasehold</b>: {@code callers} edge cores ({@code EdgeLimiter}, one deciding thread each)
 *       decide from leased tokens and sync over HTTP every {@code syncMillis} (and early at their
 *       low-water mark) with a real {@code AggregatorServer}, which takes the tokens from Redis.
 *   <li><b>Redis script per request</b>: the classic design — every decision is one FCALL of a
 *       token-bucket function (Leasehold's own {@code leasehold_take_and_return}, take = 1) on one
 *       pipelined Vert.x connection with {@code inFlight} requests outstanding (as in
 *       {@code regional-aggregator/bench/hotkey.sh}).
 *   <li><b>Bucket4j over Lettuce</b>: {@code AsyncBucketProxy.tryConsume(1)} (compare-and-swap:
 *       GET, compute, EVAL, retry on conflict) on one Lettuce connection, {@code inFlight}
 *       outstanding.
 * </ol>
 *
 * <p>Each run warms up, then measures for {@code seconds}: decisions completed (allowed or denied)
 * and admitted, latency at the caller (start of the call to its answer, HdrHistogram), commands the
 * client side sent to Redis, and commands Redis executed ({@code INFO commandstats}, which counts
 * the calls inside each script too).
 *
 * <p>Usage: {@code RegionalPathBench [seconds=6] [callers=2] [inFlight=64] [syncMillis=100]
 * [zipfKeys=10000] [zipfExponent=1.0]}.
 */
public final class RegionalPathBench {
  static final LimitWorkload HOT = RegionalWorkloads.PER_KEY_LIMIT;
  private static final String TOKEN = "bench-sync-token-0123456789";
  private static final MessageCodec CODEC = MessageCodec.json();
  private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(2);

  private RegionalPathBench() {}

  record Params(int seconds, int callers, int inFlight, int syncMillis, int zipfKeys, double zipfExponent) {}

  record Scenario(String label, LimitWorkload workload, ZipfKeys keys) {}

  /** What one design measured in one scenario. */
  record Result(String design, String scenario, long decisions, long admitted, double seconds, Histogram latency,
      long sent, long executed, String note) {
    double perSecond() {
      return decisions / seconds;
    }

    double admittedPerSecond() {
      return admitted / seconds;
    }
  }

  /** The measured window, shared by the callers: they count only what started inside it. */
  record Window(long start, long end) {
    boolean contains(long t) {
      return t - start >= 0 && t - end < 0;
    }
  }

  public static void main(String[] args) throws Exception {
    Params p = new Params(intArg(args, 0, 6), intArg(args, 1, 2), intArg(args, 2, 64), intArg(args, 3, 100),
        intArg(args, 4, 10_000), args.length > 5 ? Double.parseDouble(args[5]) : 1.0);
    if (p.seconds() < 1 || p.seconds() > 20) {
      throw new IllegalArgumentException("seconds: " + p.seconds() + ": must be in [1, 20] (each run is bounded)");
    }
    List<Scenario> scenarios = List.of(
        new Scenario("hot key", HOT, new ZipfKeys(1, 0)),
        new Scenario("Zipf " + p.zipfKeys() + " keys (s=" + p.zipfExponent() + ")",
            HOT.withKeys("zipf", p.zipfKeys()), new ZipfKeys(p.zipfKeys(), p.zipfExponent())));
    List<Result> results = new ArrayList<>();
    try (RedisServer redis = RedisServer.startOrConnect()) {
      Vertx vertx = Vertx.vertx();
      try {
        for (Scenario sc : scenarios) {
          redis.call("FLUSHALL");
          results.add(leasehold(vertx, redis, sc, p));
          redis.call("FLUSHALL");
          results.add(scriptPerRequest(vertx, redis, sc, p));
          redis.call("FLUSHALL");
          results.add(bucket4jLettuce(redis, sc, p));
        }
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }
    printTable(results, p);
  }

  // ---------------------------------------------------------------- Leasehold

  /** A simulated sidecar: the real edge core, its sync loop on a Vert.x context, one deciding thread. */
  private static final class EdgeNode {
    final EdgeLimiter limiter;
    final String id;
    boolean syncing;
    boolean stopped;
    /** Tokens the aggregator leased to this edge (sync context only). */
    long leasedTokens;
    long syncs;
    long syncNanos;

    EdgeNode(EdgeLimiter limiter, String id) {
      this.limiter = limiter;
      this.id = id;
    }
  }

  /** The benchmark's aggregator configuration; {@code RegionalPathBenchConfigTest} keeps it valid. */
  static io.leasehold.aggregator.AggregatorConfig aggregatorConfig(String redisUrl, Path rules, long syncMillis) {
    return ConfigReader.read("""
        region: bench
        regions: [bench]
        server: { host: 127.0.0.1, port: 0 }
        auth: { token: %s }
        redis: { url: '%s', timeout_ms: 1000 }
        rules_file: '%s'
        lease: { ttl_ms: 2000, prefetch_ms: %d, edge_sync_ms: %d }
        """.formatted(TOKEN, redisUrl, rules, 4 * syncMillis, syncMillis), Map.of(), Optional.empty());
  }

  private static Result leasehold(Vertx vertx, RedisServer redis, Scenario sc, Params p) throws Exception {
    Path dir = Files.createTempDirectory("leasehold-bench");
    Path rules = dir.resolve("rules.yaml");
    String rulesYaml = sc.workload().leaseholdRulesYaml(Scope.REGION);
    Files.writeString(rules, rulesYaml);
    var config = aggregatorConfig(redis.url(), rules, p.syncMillis());
    AggregatorServer server = AggregatorServer.start(vertx, config,
        new RuleDocumentCompiler(config.region(), config.regions())).await(30, TimeUnit.SECONDS);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(p.callers()));
    RuleSet ruleSet = RuleConfig.parseYaml(rulesYaml).value();
    Context syncContext = vertx.getOrCreateContext();
    List<EdgeNode> edges = new ArrayList<>();
    for (int i = 0; i < p.callers(); i++) {
      EdgeSettings settings = EdgeSettings.builder("bench-edge-" + i).region("bench")
          .syncInterval(Duration.ofMillis(p.syncMillis())).maxKeys(Math.max(1_000, 2L * sc.workload().keys())).build();
      EdgeNode edge = new EdgeNode(EdgeLimiter.create(settings, ruleSet, 0, Clock.system()), settings.edgeId());
      edge.limiter.onEarlySyncWanted(() -> syncContext.runOnContext(v -> sync(client, server.port(), edge)));
      edges.add(edge);
      syncContext.runOnContext(v -> vertx.setPeriodic(0, p.syncMillis(), id -> {
        if (edge.stopped) {
          vertx.cancelTimer(id);
        } else {
          sync(client, server.port(), edge);
        }
      }));
    }
    RequestView[] requests = new RequestView[sc.workload().keys()];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = RequestView.of("GET", "/api/items", Map.of(LimitWorkload.KEY_HEADER, LimitWorkload.key(i)), "10.0.0.1");
    }
    Recorder latency = new Recorder(3);
    LongAdder decisions = new LongAdder();
    LongAdder admitted = new LongAdder();
    Window window = window(p);
    List<Thread> deciders = new ArrayList<>();
    for (int i = 0; i < edges.size(); i++) {
      EdgeNode edge = edges.get(i);
      long seed = i;
      Thread t = new Thread(() -> decideLoop(edge.limiter, requests, sc.keys(), seed, window, latency, decisions, admitted),
          edge.id);
      t.setDaemon(true);
      deciders.add(t);
      t.start();
    }
    Counts counts = measure(window, redis, () -> Math.round(sent(server)));
    for (Thread t : deciders) {
      t.join(10_000);
    }
    long leased = onContext(syncContext, () -> {
      long sum = 0;
      for (EdgeNode edge : edges) {
        edge.stopped = true;
        sum += edge.leasedTokens;
      }
      return sum;
    });
    long syncs = onContext(syncContext, () -> edges.stream().mapToLong(e -> e.syncs).sum());
    long syncNanos = onContext(syncContext, () -> edges.stream().mapToLong(e -> e.syncNanos).sum());
    server.close().await(10, TimeUnit.SECONDS);
    client.close().await(5, TimeUnit.SECONDS);
    String note = p.callers() + " edges, sync every " + p.syncMillis() + " ms (" + syncs + " syncs in the whole run, "
        + String.format("%.1f ms mean round trip incl. begin/complete", syncs == 0 ? Double.NaN : syncNanos / 1e6 / syncs)
        + "); "
        + String.format("%,d tokens leased in the whole run vs %,d admitted in the window", leased, admitted.sum());
    return new Result("Leasehold (edge leases + aggregator + Redis)", sc.label(), decisions.sum(), admitted.sum(),
        p.seconds(), latency.getIntervalHistogram(), counts.sent(), counts.executed(), note);
  }

  private static void decideLoop(EdgeLimiter limiter, RequestView[] requests, ZipfKeys keys, long seed, Window window,
      Recorder latency, LongAdder decisions, LongAdder admitted) {
    SplittableRandom random = new SplittableRandom(seed);
    EdgeDecision out = new EdgeDecision();
    long counted = 0;
    long allowed = 0;
    while (true) {
      RequestView request = requests[keys.next(random)];
      long start = System.nanoTime();
      if (start - window.end() >= 0) {
        break;
      }
      boolean ok = limiter.decide(request, 1, false, out).allowed();
      long took = System.nanoTime() - start;
      if (window.contains(start)) {
        latency.recordValue(took);
        counted++;
        if (ok) {
          allowed++;
        }
      }
    }
    decisions.add(counted);
    admitted.add(allowed);
  }

  /** One sync round for {@code edge}, on the sync context; at most one in flight per edge. */
  private static void sync(HttpClient client, int port, EdgeNode edge) {
    if (edge.syncing || edge.stopped) {
      return;
    }
    edge.syncing = true;
    long began = System.nanoTime();
    SyncRound round = edge.limiter.beginSync();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/v1/sync").putHeader("Authorization", "Bearer " + TOKEN).putHeader("Content-Type", "application/json");
    client.request(options)
        .compose(req -> req.send(Buffer.buffer(CODEC.encode(round.request()))))
        .compose(resp -> resp.statusCode() == 200 ? resp.body()
            : Future.failedFuture("sync answered " + resp.statusCode()))
        .onComplete(ar -> {
          edge.syncing = false;
          if (ar.failed()) {
            edge.limiter.failSync(round);
            return;
          }
          EdgeSyncResponse response = CODEC.decode(ar.result().getBytes(), EdgeSyncResponse.class).orElseThrow();
          for (Lease lease : response.leases()) {
            edge.leasedTokens += lease.tokens();
          }
          edge.limiter.completeSync(round, response);
          edge.syncs++;
          edge.syncNanos += System.nanoTime() - began;
        });
  }

  /** Redis commands the aggregator sent (each FCALL is one, whatever it does inside Redis). */
  private static double sent(AggregatorServer server) {
    return server.registry().find("leasehold.redis.commands").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  // ---------------------------------------------------------------- Redis script per request

  private static Result scriptPerRequest(Vertx vertx, RedisServer redis, Scenario sc, Params p) throws Exception {
    RedisQuotaStore loader = RedisQuotaStore.create(vertx, RedisQuotaStoreOptions.builder(redis.url()).build(),
        new SimpleMeterRegistry(), Clock.system());
    loader.start().await(10, TimeUnit.SECONDS); // loads the function library
    RedisConnection connection = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url())
        .setMaxWaitingHandlers(Math.max(2048, p.inFlight() * 2))).connect().await(10, TimeUnit.SECONDS);
    LimitWorkload w = sc.workload();
    Request[] calls = new Request[w.keys()];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = Request.cmd(Command.FCALL).arg("leasehold_take_and_return").arg(1).arg("baseline:{" + LimitWorkload.key(i) + "}")
          .arg(StoreOp.tokensPerSecond(w.tokensPerSecond())).arg(w.burst()).arg(1).arg(0).arg(0).arg(300_000);
    }
    Recorder latency = new Recorder(3);
    AtomicLong decisions = new AtomicLong();
    AtomicLong admitted = new AtomicLong();
    LongAdder sent = new LongAdder();
    Window window = window(p);
    SplittableRandom random = new SplittableRandom(7);
    Context context = vertx.getOrCreateContext();
    for (int i = 0; i < p.inFlight(); i++) {
      context.runOnContext(v -> scriptLoop(connection, calls, sc.keys(), random, window, latency, decisions, admitted, sent));
    }
    Counts counts = measure(window, redis, sent::sum);
    Thread.sleep(300); // answers in flight at the end drain
    connection.close().await(5, TimeUnit.SECONDS);
    loader.close().await(5, TimeUnit.SECONDS);
    return new Result("Redis token-bucket script per request (FCALL)", sc.label(), decisions.get(), admitted.get(),
        p.seconds(), latency.getIntervalHistogram(), counts.sent(), counts.executed(),
        p.inFlight() + " in flight on one pipelined connection");
  }

  private static void scriptLoop(RedisConnection connection, Request[] calls, ZipfKeys keys, SplittableRandom random,
      Window window, Recorder latency, AtomicLong decisions, AtomicLong admitted, LongAdder sent) {
    long start = System.nanoTime();
    if (start - window.end() >= 0) {
      return;
    }
    sent.increment();
    connection.send(calls[keys.next(random)]).onComplete(ar -> {
      if (ar.succeeded() && window.contains(start)) {
        latency.recordValue(System.nanoTime() - start);
        decisions.incrementAndGet();
        if (ar.result().get(0).toLong() > 0) {
          admitted.incrementAndGet();
        }
      }
      scriptLoop(connection, calls, keys, random, window, latency, decisions, admitted, sent);
    });
  }

  // ---------------------------------------------------------------- Bucket4j over Lettuce

  private static Result bucket4jLettuce(RedisServer redis, Scenario sc, Params p) throws Exception {
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
      CountingRedisApi<byte[]> api = new CountingRedisApi<>(connection.async());
      LettuceBasedProxyManager<byte[]> proxies = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(api)
          .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(5)))
          .build();
      BucketConfiguration configuration = sc.workload().bucket4jConfiguration();
      AsyncBucketProxy[] buckets = new AsyncBucketProxy[sc.workload().keys()];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = proxies.asAsync().builder().build(("b4j:" + LimitWorkload.key(i)).getBytes(StandardCharsets.UTF_8),
            () -> CompletableFuture.completedFuture(configuration));
      }
      Recorder latency = new Recorder(3);
      LongAdder decisions = new LongAdder();
      LongAdder admitted = new LongAdder();
      LongAdder failed = new LongAdder();
      Window window = window(p);
      for (int i = 0; i < p.inFlight(); i++) {
        bucket4jLoop(buckets, sc.keys(), new SplittableRandom(100 + i), window, latency, decisions, admitted, failed);
      }
      Counts counts = measure(window, redis, api.sent::sum);
      Thread.sleep(300);
      String note = p.inFlight() + " in flight on one Lettuce connection (Netty " + io.netty.util.Version.identify()
          .values().stream().findFirst().map(v -> v.artifactVersion()).orElse("?") + ")"
          + (failed.sum() > 0 ? "; " + failed.sum() + " calls failed" : "");
      return new Result("Bucket4j Redis backend over Lettuce (CAS)", sc.label(), decisions.sum(), admitted.sum(),
          p.seconds(), latency.getIntervalHistogram(), counts.sent(), counts.executed(), note);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static void bucket4jLoop(AsyncBucketProxy[] buckets, ZipfKeys keys, SplittableRandom random, Window window,
      Recorder latency, LongAdder decisions, LongAdder admitted, LongAdder failed) {
    long start = System.nanoTime();
    if (start - window.end() >= 0) {
      return;
    }
    int key;
    synchronized (random) {
      key = keys.next(random);
    }
    buckets[key].tryConsume(1).whenComplete((ok, error) -> {
      if (error != null) {
        if (failed.sum() == 0) {
          System.err.println("bucket4j: first failure: " + error);
        }
        failed.increment();
      } else if (window.contains(start)) {
        latency.recordValue(System.nanoTime() - start);
        decisions.increment();
        if (ok) {
          admitted.increment();
        }
      }
      bucket4jLoop(buckets, keys, random, window, latency, decisions, admitted, failed);
    });
  }

  // ---------------------------------------------------------------- measurement

  record Counts(long sent, long executed) {}

  private static Window window(Params p) {
    long start = System.nanoTime() + WARM_UP_NANOS;
    return new Window(start, start + TimeUnit.SECONDS.toNanos(p.seconds()));
  }

  /** Waits for the window, reading the command counters at its start and end. */
  private static Counts measure(Window window, RedisServer redis, LongSupplier sent) throws InterruptedException {
    sleepUntil(window.start());
    long sentBefore = sent.getAsLong();
    long executedBefore = executed(redis);
    sleepUntil(window.end());
    return new Counts(sent.getAsLong() - sentBefore, executed(redis) - executedBefore);
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** Commands Redis executed so far, calls inside scripts included, without the INFO calls that read it. */
  private static long executed(RedisServer redis) {
    return redis.commandCalls().entrySet().stream().filter(e -> !e.getKey().equals("info"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static <T> T onContext(Context context, java.util.concurrent.Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(task.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }

  // ---------------------------------------------------------------- output

  private static void printTable(List<Result> results, Params p) {
    System.out.printf("load average after the runs: %s on %d cores; %d s measured per row after 2 s warm-up%n",
        loadAverage(), Runtime.getRuntime().availableProcessors(), p.seconds());
    System.out.println("| keys | design | decisions/s | admitted | admitted/s | p50 µs | p99 µs | p99.9 µs "
        + "| Redis cmds sent / decision | Redis cmds executed / decision | Leasehold ÷ this: decisions/s | Leasehold ÷ this: admitted/s |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      Result leasehold = results.stream().filter(o -> o.scenario().equals(r.scenario()) && o.design().startsWith("Leasehold"))
          .findFirst().orElse(null);
      boolean self = r.design().startsWith("Leasehold") || leasehold == null;
      System.out.printf("| %s | %s | %,.0f | %.1f %% | %,.0f | %.2f | %.2f | %.2f | %.6f | %.6f | %s | %s |%n",
          r.scenario(), r.design(), r.perSecond(), r.decisions() == 0 ? 0 : 100.0 * r.admitted() / r.decisions(),
          r.admittedPerSecond(),
          micros(r.latency(), 50), micros(r.latency(), 99), micros(r.latency(), 99.9),
          r.decisions() == 0 ? Double.NaN : (double) r.sent() / r.decisions(),
          r.decisions() == 0 ? Double.NaN : (double) r.executed() / r.decisions(),
          self ? "-" : String.format("%.1f×", leasehold.perSecond() / r.perSecond()),
          self ? "-" : String.format("%.1f×", leasehold.admittedPerSecond() / r.admittedPerSecond()));
    }
    System.out.println();
    for (Result r : results) {
      System.out.println("- " + r.scenario() + ", " + r.design() + ": " + r.note());
    }
  }

  private static double micros(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1_000.0;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static int intArg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }
}
