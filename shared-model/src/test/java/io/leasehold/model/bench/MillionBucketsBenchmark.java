package io.leasehold.model.bench;

import io.leasehold.model.bucket.Decision;
import io.leasehold.model.bucket.Limiter;
import io.leasehold.model.bucket.Rate;
import io.leasehold.model.bucket.SynchronizedLimiter;
import io.leasehold.model.bucket.TokenBucket;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One decision on one of 1M token buckets (100/s, burst 100), key lookup included, keys in a
 * random order so that almost every access misses the CPU caches — the edge's worst case. Keys
 * (and their boxes, for the {@code HashMap} variant) are built in setup, so key creation is not
 * measured; a request's key would be hashed once by the caller anyway.
 *
 * <ul>
 *   <li>{@code openAddressing}: primitive {@code long} keys, one thread.
 *   <li>{@code hashMap}: {@code HashMap<Long, TokenBucket>}, one thread.
 *   <li>{@code shardedTwoThreads}: two threads, each owning a 500k-bucket shard — what the edge does
 *       (quotas sharded per event loop, single-writer buckets, no synchronization).
 *   <li>{@code sharedSynchronizedTwoThreads}: two threads over one shared 1M-bucket table of
 *       {@link SynchronizedLimiter}s (monitor per bucket, rarely contended).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MillionBucketsBenchmark {

  static final int BUCKETS = 1 << 20;
  static final Rate RATE = Rate.perSecond(100);
  static final long BURST = 100;
  /** Synthetic time step per decision: 1M decisions ≈ 0.1 s, so buckets refill between visits. */
  static final long STEP_NANOS = 97;

  static long[] distinctKeys(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    java.util.HashSet<Long> seen = new java.util.HashSet<>(count * 2);
    long[] keys = new long[count];
    for (int i = 0; i < count; ) {
      long key = random.nextLong();
      if (key != 0 && seen.add(key)) {
        keys[i++] = key;
      }
    }
    return keys;
  }

  /**
   * Shuffled after the buckets were allocated in key order, so that walking the keys visits
   * buckets (and table slots) in an order the hardware prefetcher cannot follow.
   */
  static void shuffle(long[] keys, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = keys.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long swap = keys[i];
      keys[i] = keys[j];
      keys[j] = swap;
    }
  }

  @State(Scope.Benchmark)
  public static class OpenAddressing {
    LongKeyedTable<TokenBucket> table;
    long[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      keys = distinctKeys(BUCKETS, 1);
      table = new LongKeyedTable<>(BUCKETS);
      for (long key : keys) {
        table.put(key, TokenBucket.full(RATE, BURST, 0));
      }
      shuffle(keys, 1);
    }
  }

  @State(Scope.Benchmark)
  public static class Boxed {
    Map<Long, TokenBucket> map;
    Long[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      long[] raw = distinctKeys(BUCKETS, 2);
      keys = new Long[raw.length];
      map = new HashMap<>(BUCKETS * 2);
      for (int i = 0; i < raw.length; i++) {
        keys[i] = raw[i];
        map.put(keys[i], TokenBucket.full(RATE, BURST, 0));
      }
      java.util.Collections.shuffle(java.util.Arrays.asList(keys), new java.util.Random(2));
    }
  }

  @State(Scope.Benchmark)
  public static class Shards {
    final AtomicInteger nextShard = new AtomicInteger();
    LongKeyedTable<TokenBucket>[] tables;
    long[][] keys;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
      tables = new LongKeyedTable[2];
      keys = new long[2][];
      for (int shard = 0; shard < 2; shard++) {
        keys[shard] = distinctKeys(BUCKETS / 2, 10 + shard);
        tables[shard] = new LongKeyedTable<>(BUCKETS / 2);
        for (long key : keys[shard]) {
          tables[shard].put(key, TokenBucket.full(RATE, BURST, 0));
        }
        shuffle(keys[shard], shard);
      }
    }
  }

  @State(Scope.Benchmark)
  public static class SharedSynchronized {
    LongKeyedTable<Limiter> table;
    long[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      keys = distinctKeys(BUCKETS, 3);
      table = new LongKeyedTable<>(BUCKETS);
      for (long key : keys) {
        table.put(key, new SynchronizedLimiter(TokenBucket.full(RATE, BURST, 0)));
      }
      shuffle(keys, 3);
    }
  }

  /** Per-thread cursor, time and result holder. */
  @State(Scope.Thread)
  public static class Caller {
    final Decision decision = new Decision();
    int cursor;
    int shard = -1;
    long now;

    @Setup(Level.Trial)
    public void setUp() {
      cursor = (int) (Thread.currentThread().getId() * 7919) & (BUCKETS - 1);
    }

    int next(int mask) {
      cursor = (cursor + 1) & mask;
      now += STEP_NANOS;
      return cursor;
    }
  }

  @Benchmark
  public boolean openAddressing(OpenAddressing state, Caller caller) {
    long key = state.keys[caller.next(BUCKETS - 1)];
    return state.table.get(key).tryAcquire(1, caller.now, caller.decision);
  }

  @Benchmark
  public boolean hashMap(Boxed state, Caller caller) {
    Long key = state.keys[caller.next(BUCKETS - 1)];
    return state.map.get(key).tryAcquire(1, caller.now, caller.decision);
  }

  @Benchmark
  @Threads(2)
  public boolean shardedTwoThreads(Shards state, Caller caller) {
    if (caller.shard < 0) {
      caller.shard = state.nextShard.getAndIncrement() & 1;
    }
    long key = state.keys[caller.shard][caller.next(BUCKETS / 2 - 1)];
    return state.tables[caller.shard].get(key).tryAcquire(1, caller.now, caller.decision);
  }

  @Benchmark
  @Threads(2)
  public boolean sharedSynchronizedTwoThreads(SharedSynchronized state, Caller caller) {
    long key = state.keys[caller.next(BUCKETS - 1)];
    return state.table.get(key).tryAcquire(1, caller.now, caller.decision);
  }
}
