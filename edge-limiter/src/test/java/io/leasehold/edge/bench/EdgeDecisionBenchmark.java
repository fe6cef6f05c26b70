package io.leasehold.edge.bench;

import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.edge.SyncRound;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.rules.KeySpec;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * A full edge decision, as the sidecar takes it: rule matching over a realistic rule set (a per-key
 * rule with two limits, a method-restricted rule and a non-matching one), the lease-table lookup of
 * the request's key among {@code keys} active keys, and the token check and debit on both limits,
 * on the real {@link Clock#system()} (one clock read per decision, as in production).
 *
 * <p>Every key holds a one-day lease large enough that no decision is ever refused, so each call
 * does the whole allow path (check all, debit all; an iteration fails if its last decision was
 * refused). Keys are visited in a shuffled order per thread, so with 1M keys nearly every table
 * lookup misses the CPU caches. Each request's key is hashed afresh (the table does not use the
 * String's cached hash code). Not measured: the sync loop (it runs every 200 ms off the request
 * path), and the dirty-log append of a key's first decision in each sync interval (setup makes it).
 *
 * <p>Two layouts of the requests themselves: {@code twoThreads} takes them from one shared pool of
 * 2^20 request objects, so the request, its key String and the String's bytes are three more cache
 * misses per decision that a server, whose request was parsed a moment ago, does not pay;
 * {@code twoThreadsArrivals} gives each thread its own distinct request objects laid out in the
 * order they arrive (as freshly parsed requests are), the table lookups staying random over all keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EdgeDecisionBenchmark {

  @Param({"1048576"})
  int keys;

  EdgeLimiter limiter;
  KeyView[] requests;

  /** A request carrying only what the rules look at; allocation-free lookups like the Vert.x view. */
  static final class KeyView implements RequestView {
    final String key;

    KeyView(String key) {
      this.key = key;
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/api/v1/items";
    }

    @Override
    public String header(String lowerCaseName) {
      return "x-api-key".equals(lowerCaseName) ? key : null;
    }

    @Override
    public String clientAddress() {
      return "10.1.2.3";
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Rule perKey = Rule.builder("api-per-key").match(Match.path("/api/**")).key(KeySpec.header("X-Api-Key"))
        .limits(Limit.of(Rate.perSecond(100), 200), Limit.of(Rate.perHour(1_000_000), 1_000_000)).build();
    Rule writes = Rule.builder("writes").match(Match.path("/api/**").withMethods("POST", "PUT"))
        .key(KeySpec.header("X-Api-Key")).limits(Limit.of(Rate.perSecond(10))).build();
    Rule admin = Rule.builder("admin").match(Match.path("/admin/**")).limits(Limit.of(Rate.perSecond(5))).build();
    EdgeSettings settings = EdgeSettings.builder("bench").maxKeys(keys * 2L).idleExpiry(Duration.ofHours(1)).build();
    limiter = EdgeLimiter.create(settings, RuleSet.of(perKey, writes, admin), 1, Clock.system());

    requests = new KeyView[keys];
    EdgeDecision out = new EdgeDecision();
    List<Lease> leases = new ArrayList<>(keys * 2);
    for (int i = 0; i < keys; i++) {
      String key = "key-" + Integer.toHexString(i * 0x9E3779B1);
      requests[i] = new KeyView(key);
      limiter.decide(requests[i], out); // creates the entry (starter allowance)
      leases.add(new Lease(new QuotaId("api-per-key", 0, key), 1_000_000_000_000L, 100_000_000_000L,
          1_000_000_000_000L, 1, 86_400_000, 0));
      leases.add(new Lease(new QuotaId("api-per-key", 1, key), 1_000_000_000_000L, 0, 1_000_000_000_000L, 1,
          86_400_000, 0));
    }
    SyncRound round = limiter.beginSync();
    limiter.completeSync(round, new EdgeSyncResponse(ProtocolVersion.CURRENT, "bench", "bench", 1, Optional.empty(),
        leases, false, 200));
    // Every key decided once under its lease, as between two syncs: the first decision of a key in a
    // sync interval also queues it for the next report (a dirty-log append), which the sync loop,
    // not run here, would otherwise make recur every 200 ms.
    for (KeyView request : requests) {
      if (!limiter.decide(request, out).allowed()) {
        throw new IllegalStateException("setup: a key is not leased: " + out);
      }
    }
  }

  /** Each thread walks all keys in its own shuffled order. */
  @State(Scope.Thread)
  public static class Walk {
    private static final AtomicInteger SEEDS = new AtomicInteger();
    int[] order;
    int next;
    /** This thread's own requests (distinct String objects), allocated in the order it sends them. */
    KeyView[] arrivals;
    int nextArrival;
    final EdgeDecision out = new EdgeDecision();

    @Setup(Level.Trial)
    public void setUp(EdgeDecisionBenchmark bench) {
      order = new int[bench.keys];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      SplittableRandom random = new SplittableRandom(42 + SEEDS.getAndIncrement());
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      arrivals = new KeyView[order.length];
      for (int i = 0; i < order.length; i++) {
        arrivals[i] = new KeyView(new String(bench.requests[order[i]].key.toCharArray()));
      }
    }

    RequestView nextArrival() {
      int i = nextArrival;
      nextArrival = i + 1 == arrivals.length ? 0 : i + 1;
      return arrivals[i];
    }

    /** Guards the premise: the lease never runs dry, so every call takes the allow path. */
    @TearDown(Level.Iteration)
    public void lastDecisionWasAllowed() {
      if (!out.allowed()) {
        throw new IllegalStateException("a benchmark decision was refused: " + out);
      }
    }

    RequestView nextRequest(KeyView[] requests) {
      int i = next;
      next = i + 1 == order.length ? 0 : i + 1;
      return requests[order[i]];
    }
  }

  @Benchmark
  @Threads(1)
  public boolean oneThread(Walk walk) {
    return limiter.decide(walk.nextRequest(requests), walk.out).allowed();
  }

  @Benchmark
  @Threads(2)
  public boolean twoThreads(Walk walk) {
    return limiter.decide(walk.nextRequest(requests), walk.out).allowed();
  }

  /** The same walk over requests laid out as they arrive: no cache misses on the request itself. */
  @Benchmark
  @Threads(2)
  public boolean twoThreadsArrivals(Walk walk) {
    return limiter.decide(walk.nextArrival(), walk.out).allowed();
  }

  /** The same decision on 64 hot keys: the in-cache cost without memory misses. */
  @Benchmark
  @Threads(2)
  public boolean twoThreadsHotKeys(Walk walk) {
    int i = walk.next;
    walk.next = (i + 1) & 63;
    return limiter.decide(requests[walk.order[i & 63] & 63], walk.out).allowed();
  }
}
