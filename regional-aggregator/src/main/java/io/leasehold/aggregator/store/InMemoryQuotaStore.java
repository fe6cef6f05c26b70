package io.leasehold.aggregator.store;

import io.leasehold.aggregator.BucketSnapshot;
import io.leasehold.aggregator.CircuitState;
import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.aggregator.StoreUnavailableException;
import io.leasehold.model.time.Clock;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link QuotaStore} in the JVM with the same semantics as the Redis store, driven by an
 * injected {@link Clock}: for tests, the simulator and single-replica deployments.
 *
 * <p>Deterministic: no threads, no randomness; futures are already complete when returned. Idle
 * keys expire like Redis keys with {@code PEXPIRE} (gone once the clock is past their deadline).
 * Memory is bounded by {@code maxKeys}: beyond it the least recently used quota is forgotten, which
 * like a Redis eviction restarts that quota with a full bucket, so size it above the live key
 * count.
 */
public final class InMemoryQuotaStore implements QuotaStore {
  public static final int DEFAULT_MAX_KEYS = 1_000_000;
  private static final int SWEEP_PER_CALL = 32;

  private final Clock clock;
  private final int maxKeys;
  private final LinkedHashMap<String, StoredBucket> buckets;
  private boolean closed;

  public InMemoryQuotaStore(Clock clock) {
    this(clock, DEFAULT_MAX_KEYS);
  }

  public InMemoryQuotaStore(Clock clock, int maxKeys) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys: " + maxKeys + " must be at least 1");
    }
    this.maxKeys = maxKeys;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, StoredBucket> eldest) {
        return size() > InMemoryQuotaStore.this.maxKeys;
      }
    };
  }

  @Override
  public synchronized Future<List<StoreResult>> takeAndReturn(List<StoreOp> ops) {
    Objects.requireNonNull(ops, "ops");
    if (closed) {
      return Future.failedFuture(new StoreUnavailableException("store is closed"));
    }
    long nowNanos = clock.nanos();
    long nowMicros = Math.floorDiv(nowNanos, 1_000L);
    sweepExpired(nowNanos);
    List<StoreResult> results = new ArrayList<>(ops.size());
    for (int i = 0, n = ops.size(); i < n; i++) {
      StoreOp op = ops.get(i);
      StoredBucket bucket = live(op.quotaKey(), nowNanos);
      if (bucket == null) {
        bucket = StoredBucket.full(op.burst(), nowMicros);
        buckets.put(op.quotaKey(), bucket);
      }
      results.add(bucket.apply(op, nowMicros));
      bucket.expiresAtNanos = nowNanos + op.idleTtl().toMillis() * 1_000_000L;
    }
    return Future.succeededFuture(results);
  }

  @Override
  public synchronized Future<Optional<BucketSnapshot>> peek(String quotaKey) {
    long nowNanos = clock.nanos();
    StoredBucket bucket = live(quotaKey, nowNanos);
    return Future.succeededFuture(Optional.ofNullable(bucket).map(b -> b.snapshot(quotaKey, nowNanos)));
  }

  /** Number of quotas held, expired ones not yet swept included. */
  public synchronized int size() {
    return buckets.size();
  }

  @Override
  public CircuitState circuitState() {
    return CircuitState.CLOSED;
  }

  @Override
  public synchronized Future<Void> close() {
    closed = true;
    buckets.clear();
    return Future.succeededFuture();
  }

  private StoredBucket live(String quotaKey, long nowNanos) {
    StoredBucket bucket = buckets.get(quotaKey);
    if (bucket != null && nowNanos > bucket.expiresAtNanos) {
      buckets.remove(quotaKey);
      return null;
    }
    return bucket;
  }

  // Access order puts the least recently touched quotas first; they are the likeliest to have
  // expired, so a short scan from the head keeps idle memory bounded without a timer. It stops at
  // the first live one: those behind it were touched later, so under one idle TTL (as a region's
  // leaser sets) they expire later too, and looking at them was two cache misses each for nothing.
  private void sweepExpired(long nowNanos) {
    Iterator<StoredBucket> it = buckets.values().iterator();
    for (int i = 0; i < SWEEP_PER_CALL && it.hasNext(); i++) {
      if (nowNanos <= it.next().expiresAtNanos) {
        return;
      }
      it.remove();
    }
  }
}
