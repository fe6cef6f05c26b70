package io.leasehold.bench.edge;

import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.leasehold.bench.LimitWorkload;
import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.model.QuotaId;
import io.leasehold.model.bucket.Limiter;
import io.leasehold.model.bucket.SynchronizedLimiter;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One admission decision, Leasehold's edge against Bucket4j's local bucket and resilience4j's
 * {@code AtomicRateLimiter}, on the same {@link LimitWorkload} (same rate, burst and cost; each
 * limiter reads the real monotonic clock itself, as in production). Run with {@code -t 1} and
 * {@code -t 2}: all limiters are shared by the threads (one table / one hot bucket), none is
 * sharded per thread.
 *
 * <ul>
 *   <li>{@code leaseholdEdge}: {@code EdgeLimiter.decide} on a standalone edge (the rule enforced
 *       locally at its full rate and burst — the same semantics as the peers): rule matching,
 *       key extraction from the request header, lease-table lookup, entry lock, bucket.
 *   <li>{@code leaseholdEdgeLeased}: the same call on a regional edge whose quotas hold leases
 *       (tokens from the aggregator, no local refill) — the production path; its semantics differ
 *       (capacity comes from leases), so it is shown for the record, not in the ratios.
 *   <li>{@code leaseholdBucket}: Leasehold's {@code TokenBucket} behind a monitor ({@code tryAcquire}, allow/deny
 *       only, like {@code tryConsume}), looked up in a
 *       {@code ConcurrentHashMap} by key string for 1M keys — the like-for-like row against the
 *       peers, which do no rule matching.
 *   <li>{@code bucket4j}: {@code Bucket.tryConsume(1)}, lock-free, nanosecond clock; a
 *       {@code ConcurrentHashMap} by key for 1M keys.
 *   <li>{@code resilience4j}: {@code AtomicRateLimiter.acquirePermission()}; a
 *       {@code ConcurrentHashMap} by key for 1M keys. Cycle refill (see {@link LimitWorkload}).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EdgeDecisionBenchmark {

  /** Shuffled key indices, so that walking them visits entries in an order the prefetcher cannot follow. */
  static int[] shuffledOrder(int keys, long seed) {
    int[] order = new int[keys];
    for (int i = 0; i < keys; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = keys - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  static RequestView request(int key) {
    return RequestView.of("GET", "/api/items", Map.of(LimitWorkload.KEY_HEADER, LimitWorkload.key(key)), "10.0.0.1");
  }

  static EdgeSettings settings(LimitWorkload w, boolean standalone) {
    return EdgeSettings.builder("bench-edge").standalone(standalone).maxKeys(Math.max(1_000, 2L * w.keys()))
        .idleExpiry(Duration.ofDays(1)).build();
  }

  /** The standalone edge: every key's entry created before measuring, so that a decision is a lookup, not an insert. */
  @State(Scope.Benchmark)
  public static class StandaloneEdge {
    @Param({"HOT_KEY", "MILLION_KEYS"})
    public String workload;
    EdgeLimiter limiter;
    RequestView[] requests;

    @Setup(Level.Trial)
    public void setUp() {
      LimitWorkload w = LimitWorkload.named(workload);
      limiter = EdgeLimiter.create(settings(w, true), RuleSet.of(w.leaseholdRule(io.leasehold.model.rules.Scope.GLOBAL)), 1, Clock.system());
      requests = requests(w);
      EdgeDecision out = new EdgeDecision();
      for (RequestView r : requests) {
        limiter.decide(r, 1, false, out);
      }
    }
  }

  /**
   * A regional edge whose every quota holds a lease of 10^11 tokens for an hour, with a zero share
   * rate: decisions take tokens from the lease only, as the protocol says, whatever the edge does
   * with the informational rate.
   */
  @State(Scope.Benchmark)
  public static class LeasedEdge {
    @Param({"HOT_KEY", "MILLION_KEYS"})
    public String workload;
    EdgeLimiter limiter;
    RequestView[] requests;

    @Setup(Level.Trial)
    public void setUp() {
      LimitWorkload w = LimitWorkload.named(workload);
      limiter = EdgeLimiter.create(settings(w, false), RuleSet.of(w.leaseholdRule(io.leasehold.model.rules.Scope.GLOBAL)), 1, Clock.system());
      requests = requests(w);
      EdgeDecision out = new EdgeDecision();
      for (RequestView r : requests) {
        limiter.decide(r, 1, false, out);
      }
      var round = limiter.beginSync();
      List<Lease> leases = new ArrayList<>();
      for (int i = 0; i < w.keys(); i++) {
        leases.add(new Lease(new QuotaId(LimitWorkload.RULE_ID, 0, LimitWorkload.key(i)), 100_000_000_000L, 0,
            100_000_000_000L, 1, 3_600_000, 0));
      }
      // One answer for the one round: a round is completed once (a repeated completion is ignored)
      limiter.completeSync(round, new EdgeSyncResponse(ProtocolVersion.CURRENT, "bench-agg", "bench", 1,
          Optional.empty(), leases, false, 0));
      if (limiter.stats().leasedQuotas() != w.keys()) {
        throw new IllegalStateException("leased quotas: " + limiter.stats().leasedQuotas() + ", expected " + w.keys());
      }
    }
  }

  @State(Scope.Benchmark)
  public static class LeaseholdBuckets {
    @Param({"HOT_KEY", "MILLION_KEYS"})
    public String workload;
    Limiter hot;
    ConcurrentHashMap<String, Limiter> byKey;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      LimitWorkload w = LimitWorkload.named(workload);
      long now = Clock.system().nanos();
      keys = keys(w);
      byKey = new ConcurrentHashMap<>(w.keys() * 2);
      for (String key : keys) {
        byKey.put(key, new SynchronizedLimiter(w.leaseholdBucket(now)));
      }
      hot = byKey.get(keys[0]);
    }
  }

  @State(Scope.Benchmark)
  public static class Bucket4jBuckets {
    @Param({"HOT_KEY", "MILLION_KEYS"})
    public String workload;
    Bucket hot;
    ConcurrentHashMap<String, Bucket> byKey;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      LimitWorkload w = LimitWorkload.named(workload);
      keys = keys(w);
      byKey = new ConcurrentHashMap<>(w.keys() * 2);
      for (String key : keys) {
        byKey.put(key, w.bucket4jLocal());
      }
      hot = byKey.get(keys[0]);
    }
  }

  @State(Scope.Benchmark)
  public static class Resilience4jLimiters {
    @Param({"HOT_KEY", "MILLION_KEYS"})
    public String workload;
    AtomicRateLimiter hot;
    ConcurrentHashMap<String, AtomicRateLimiter> byKey;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      LimitWorkload w = LimitWorkload.named(workload);
      var config = w.resilience4jConfig();
      keys = keys(w);
      byKey = new ConcurrentHashMap<>(w.keys() * 2);
      for (String key : keys) {
        byKey.put(key, new AtomicRateLimiter(key, config));
      }
      hot = byKey.get(keys[0]);
    }
  }

  /** Per-thread cursor over the shuffled keys and result holders; threads start at different keys. */
  @State(Scope.Thread)
  public static class Caller {
    final EdgeDecision out = new EdgeDecision();
    int cursor;

    @Setup(Level.Trial)
    public void setUp() {
      cursor = (int) ((Thread.currentThread().getId() * 7919) & 0xFFFFF);
    }

    int next(int length) {
      int c = cursor + 1;
      if (c >= length || c < 0) {
        c = 0;
      }
      cursor = c;
      return c;
    }
  }

  private static RequestView[] requests(LimitWorkload w) {
    int[] order = shuffledOrder(w.keys(), 42);
    RequestView[] requests = new RequestView[w.keys()];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = request(order[i]);
    }
    return requests;
  }

  private static String[] keys(LimitWorkload w) {
    int[] order = shuffledOrder(w.keys(), 42);
    String[] keys = new String[w.keys()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = LimitWorkload.key(order[i]);
    }
    return keys;
  }

  @Benchmark
  public boolean leaseholdEdge(StandaloneEdge edge, Caller caller) {
    RequestView[] requests = edge.requests;
    return edge.limiter.decide(requests[caller.next(requests.length)], 1, false, caller.out).allowed();
  }

  @Benchmark
  public boolean leaseholdEdgeLeased(LeasedEdge edge, Caller caller) {
    RequestView[] requests = edge.requests;
    return edge.limiter.decide(requests[caller.next(requests.length)], 1, false, caller.out).allowed();
  }

  @Benchmark
  public boolean leaseholdBucket(LeaseholdBuckets buckets, Caller caller) {
    Limiter limiter = buckets.keys.length == 1 ? buckets.hot : buckets.byKey.get(buckets.keys[caller.next(buckets.keys.length)]);
    return limiter.tryAcquire(1, System.nanoTime());
  }

  @Benchmark
  public boolean bucket4j(Bucket4jBuckets buckets, Caller caller) {
    Bucket bucket = buckets.keys.length == 1 ? buckets.hot : buckets.byKey.get(buckets.keys[caller.next(buckets.keys.length)]);
    return bucket.tryConsume(1);
  }

  @Benchmark
  public boolean resilience4j(Resilience4jLimiters limiters, Caller caller) {
    AtomicRateLimiter limiter = limiters.keys.length == 1 ? limiters.hot
        : limiters.byKey.get(limiters.keys[caller.next(limiters.keys.length)]);
    return limiter.acquirePermission();
  }
}
