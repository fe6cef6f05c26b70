package io.leasehold.aggregator.bench;

import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.http.AggregatorServer;
import io.leasehold.aggregator.http.ConfigReader;
import io.leasehold.aggregator.http.RuleDocumentCompiler;
import io.leasehold.aggregator.redis.RedisQuotaStore;
import io.leasehold.aggregator.redis.RedisQuotaStoreOptions;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.time.Clock;
import io.leasehold.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One hot key in one region: simulated edges decide locally from leased token chunks and sync with
 * a real aggregator over HTTP every {@code syncMillis}; the aggregator takes the chunks from a real
 * redis-server. Next to it, in the same run, a baseline that runs a Redis token-bucket function per
 * request (the Leasehold FCALL with take = 1) with {@code baselineInFlight} requests in flight.
 *
 * <p>Usage: {@code HotKeyBench [seconds=5] [limitPerSecond=2000000] [edges=4] [syncMillis=100]
 * [baselineInFlight=64]}. Prints the figures and ends with
 * {@code redis_commands_per_decision=<x> hot_key_decisions_per_s=<n> baseline_decisions_per_s=<n>}.
 */
public final class HotKeyBench {
  private static final String TOKEN = "bench-sync-token-0123456789";
  private static final QuotaId HOT = new QuotaId("hot", 0, "tenant-1");
  private static final MessageCodec CODEC = MessageCodec.json();

  private HotKeyBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = arg(args, 0, 5);
    long limit = arg(args, 1, 2_000_000);
    int edges = arg(args, 2, 4);
    int syncMillis = arg(args, 3, 100);
    int baselineInFlight = arg(args, 4, 64);
    if (seconds < 1 || seconds > 60) {
      throw new IllegalArgumentException("seconds: " + seconds + ": must be in [1, 60] (the run is bounded)");
    }
    try (RedisServer redis = RedisServer.startOrConnect()) {
      redis.call("FLUSHALL");
      Vertx vertx = Vertx.vertx();
      try {
        HotKeyResult hot = hotKey(vertx, redis, seconds, limit, edges, syncMillis);
        double baseline = baseline(vertx, redis, seconds, baselineInFlight);
        System.out.printf("hot key: limit %,d/s, %d edges syncing every %d ms, %d s: admitted %,d decisions "
                + "(%,.0f/s), %,d redis commands sent (%.6f per decision; %,d executed counting the calls inside each "
            + "FCALL), %,d edge syncs%n",
            limit, edges, syncMillis, seconds, hot.admitted, hot.perSecond, hot.commands, hot.commandsPerDecision,
            hot.serverSide, hot.syncs);
        System.out.printf("baseline: one FCALL token-bucket script per request on a pipelined connection, %d in flight, %d s: %,.0f decisions/s, "
            + "1 command per decision%n", baselineInFlight, seconds, baseline);
        System.out.printf("redis_commands_per_decision=%.6f hot_key_decisions_per_s=%d baseline_decisions_per_s=%d%n",
            hot.commandsPerDecision, Math.round(hot.perSecond), Math.round(baseline));
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  private record HotKeyResult(
      long admitted, double perSecond, long commands, double commandsPerDecision, long syncs, long serverSide) {}

  /** A simulated edge: one decision thread on a local token count, async syncs from the event loop. */
  private static final class Edge {
    final String id;
    final AtomicLong tokens = new AtomicLong();
    final AtomicLong admitted = new AtomicLong();
    final AtomicLong denied = new AtomicLong();
    long reportedAdmitted;
    long reportedDenied;
    long seq;
    long syncs;
    /** Epoch of the last lease received, acknowledged in reports as a real edge does. */
    volatile long heldEpoch;

    Edge(String id) {
      this.id = id;
    }
  }

  private static HotKeyResult hotKey(Vertx vertx, RedisServer redis, int seconds, long limit, int edgeCount,
      int syncMillis) throws Exception {
    Path dir = Files.createTempDirectory("leasehold-bench");
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, """
        rules:
          - id: hot
            key: header:X-Tenant
            scope: region
            limits: [ { rate: %d/s, burst: %d } ]
        """.formatted(limit, Math.max(1, limit / 10)));
    var config = ConfigReader.read("""
        region: bench
        regions: [bench]
        server: { host: 127.0.0.1, port: 0 }
        auth: { token: %s }
        redis: { url: '%s', timeout_ms: 1000 }
        rules_file: '%s'
        lease: { ttl_ms: 2000, prefetch_ms: %d, edge_sync_ms: %d }
        """.formatted(TOKEN, redis.url(), rules, 4 * syncMillis, syncMillis), Map.of(), Optional.empty());
    AggregatorServer server = AggregatorServer.start(vertx, config,
        new RuleDocumentCompiler(config.region(), config.regions())).await(30, TimeUnit.SECONDS);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(edgeCount));
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < edgeCount; i++) {
      edges.add(new Edge("bench-edge-" + i));
    }
    long wanted = limit * 1_000_000L / edgeCount * 3 / 2;
    AtomicBoolean running = new AtomicBoolean(true);
    for (Edge edge : edges) {
      vertx.setPeriodic(0, syncMillis, id -> {
        if (running.get()) {
          sync(client, server.port(), edge, wanted);
        } else {
          vertx.cancelTimer(id);
        }
      });
    }
    List<Thread> deciders = new ArrayList<>();
    for (Edge edge : edges) {
      Thread t = new Thread(() -> decide(edge, running), edge.id);
      t.setDaemon(true);
      deciders.add(t);
      t.start();
    }
    Thread.sleep(1_000); // warm-up: JIT, first leases, function load
    long admittedBefore = edges.stream().mapToLong(e -> e.admitted.get()).sum();
    long commandsBefore = commands(redis);
    double sentBefore = sent(server);
    long syncsBefore = edges.stream().mapToLong(e -> e.syncs).sum();
    long started = System.nanoTime();
    Thread.sleep(seconds * 1_000L);
    long admitted = edges.stream().mapToLong(e -> e.admitted.get()).sum() - admittedBefore;
    long elapsed = System.nanoTime() - started;
    long serverSide = commands(redis) - commandsBefore;
    long commands = Math.round(sent(server) - sentBefore);
    long syncs = edges.stream().mapToLong(e -> e.syncs).sum() - syncsBefore;
    running.set(false);
    for (Thread t : deciders) {
      t.join(5_000);
    }
    server.close().await(10, TimeUnit.SECONDS);
    client.close().await(5, TimeUnit.SECONDS);
    double perSecond = admitted * 1e9 / elapsed;
    return new HotKeyResult(admitted, perSecond, commands, admitted == 0 ? Double.NaN : (double) commands / admitted,
        syncs, serverSide);
  }

  /** The request path of an edge: in-memory only; a denied caller backs off briefly, as after a 429. */
  private static void decide(Edge edge, AtomicBoolean running) {
    while (running.get()) {
      long left = edge.tokens.get();
      if (left > 0) {
        if (edge.tokens.compareAndSet(left, left - 1)) {
          edge.admitted.incrementAndGet();
        }
      } else {
        edge.denied.incrementAndGet();
        LockSupport.parkNanos(20_000);
      }
    }
  }

  private static void sync(HttpClient client, int port, Edge edge, long wantedMicro) {
    long admitted = edge.admitted.get();
    long denied = edge.denied.get();
    QuotaReport report = new QuotaReport(HOT, admitted - edge.reportedAdmitted,
        Math.min(denied - edge.reportedDenied, 1_000_000_000L), wantedMicro, 0, edge.heldEpoch);
    edge.reportedAdmitted = admitted;
    edge.reportedDenied = denied;
    EdgeSyncRequest request = new EdgeSyncRequest(ProtocolVersion.CURRENT, edge.id, Optional.of("bench"), ++edge.seq,
        1, OptionalLong.empty(), List.of(report));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/v1/sync").putHeader("Authorization", "Bearer " + TOKEN).putHeader("Content-Type", "application/json");
    client.request(options)
        .compose(req -> req.send(Buffer.buffer(CODEC.encode(request))))
        .compose(resp -> resp.body())
        .onSuccess(body -> {
          EdgeSyncResponse response = CODEC.decode(body.getBytes(), EdgeSyncResponse.class).orElseThrow();
          for (Lease lease : response.leases()) {
            edge.tokens.addAndGet(lease.tokens());
            edge.heldEpoch = lease.epoch();
          }
          edge.syncs++;
        });
  }

  /**
   * Decisions/s of the per-request baseline: every decision is one FCALL of the same token-bucket
   * function on one hot key, sent on one raw pipelined connection with {@code inFlight} outstanding
   * (no pool, no batching: the cheapest way a per-request limiter can use Redis).
   */
  private static double baseline(Vertx vertx, RedisServer redis, int seconds, int inFlight) throws Exception {
    RedisQuotaStore loader = RedisQuotaStore.create(vertx, RedisQuotaStoreOptions.builder(redis.url()).build(),
        new SimpleMeterRegistry(), Clock.system());
    loader.start().await(10, TimeUnit.SECONDS); // loads the function library
    RedisConnection connection = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url())
        .setMaxWaitingHandlers(Math.max(2048, inFlight * 2))).connect().await(10, TimeUnit.SECONDS);
    Request fcall = Request.cmd(Command.FCALL).arg("leasehold_take_and_return").arg(1).arg("baseline:{hot}")
        .arg(StoreOp.tokensPerSecond(100_000_000)).arg(1_000_000_000L).arg(1).arg(0).arg(0).arg(300_000);
    AtomicLong done = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    for (int i = 0; i < inFlight; i++) {
      vertx.runOnContext(v -> loop(connection, fcall, done, running));
    }
    Thread.sleep(1_000);
    long before = done.get();
    long started = System.nanoTime();
    Thread.sleep(seconds * 1_000L);
    long decisions = done.get() - before;
    long elapsed = System.nanoTime() - started;
    running.set(false);
    Thread.sleep(200);
    connection.close().await(5, TimeUnit.SECONDS);
    loader.close().await(5, TimeUnit.SECONDS);
    return decisions * 1e9 / elapsed;
  }

  private static void loop(RedisConnection connection, Request fcall, AtomicLong done, AtomicBoolean running) {
    if (!running.get()) {
      return;
    }
    connection.send(fcall).onComplete(ar -> {
      if (ar.succeeded()) {
        done.incrementAndGet();
      }
      loop(connection, fcall, done, running);
    });
  }

  /** Redis commands the aggregator sent (each FCALL is one command, whatever it does inside Redis). */
  private static double sent(AggregatorServer server) {
    return server.registry().find("leasehold.redis.commands").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /**
   * Commands Redis executed so far, without the INFO calls that read the count; this includes the
   * calls made inside each FCALL (TIME, HMGET, HSET, PEXPIRE).
   */
  private static long commands(RedisServer redis) {
    return redis.commandCalls().entrySet().stream().filter(e -> !e.getKey().equals("info"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static int arg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }
}
