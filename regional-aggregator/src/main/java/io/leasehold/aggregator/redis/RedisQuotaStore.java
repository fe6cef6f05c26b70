package io.leasehold.aggregator.redis;

import io.leasehold.aggregator.BucketSnapshot;
import io.leasehold.aggregator.CircuitState;
import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.QuotaStoreException;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.aggregator.StoreUnavailableException;
import io.leasehold.model.time.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisCluster;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link QuotaStore} in Redis (≥ 7.0): per-quota buckets updated by the Redis Function
 * {@code leasehold_take_and_return} from the {@code leasehold} library ({@code leasehold.lua}).
 *
 * <p><b>One round trip for many quotas.</b> Each op is one {@code FCALL} on one key; a call's ops
 * go out as one pipelined {@link Redis#batch} (split at {@code maxBatchSize}). Per-key calls are
 * what make this cluster-safe: a single call taking many keys would need them all in one slot. In
 * cluster mode the FCALLs are grouped by node and each node gets its own batch, in parallel.
 *
 * <p><b>Functions, not EVALSHA.</b> The library is loaded with {@code FUNCTION LOAD REPLACE} at
 * {@link #start()}; functions are part of the dataset (replicated, persisted), so a replica
 * promoted after failover has them, unlike the script cache. If they are missing anyway (a
 * {@code FUNCTION FLUSH}, a restarted Redis without persistence), each batch that failed for it
 * reloads the library and is sent once more; that batch applied nothing, since every FCALL in it
 * failed.
 *
 * <p><b>Connections.</b> The pooled client ({@link Redis#createClient}) is used rather than one
 * {@code connect()}ed connection: a pooled client replaces a broken connection on the next request,
 * so no reconnect loop is needed, and the aggregator sends only a few batches per second per
 * replica, so pool bookkeeping costs nothing measurable. Reconnect pacing is the circuit breaker's:
 * while it is open no connection is attempted; each half-open probe is one reconnect attempt, and
 * the open interval doubles after a failed probe.
 *
 * <p><b>Time.</b> Buckets refill on Redis's {@code TIME} by default; {@link TimeSource#caller}
 * makes every call carry the caller's clock instead (simulations and tests in virtual time), with
 * the idle TTL on that clock too — see {@link TimeSource}.
 *
 * <p><b>Failures.</b> Every call has one deadline ({@code callTimeout}, the retry included).
 * Timeouts, connection errors and Redis's transient replies (OOM, LOADING, READONLY, CLUSTERDOWN,
 * …) count against the breaker and surface as {@link StoreUnavailableException}; other error
 * replies mean Redis is up but refused the command, and surface as {@link QuotaStoreException}.
 */
public final class RedisQuotaStore implements QuotaStore {
  static final String LIBRARY = "leasehold";
  static final String TAKE_AND_RETURN = "leasehold_take_and_return";
  private static final Set<String> TRANSIENT_REPLIES = Set.of("OOM", "LOADING", "BUSY", "READONLY",
      "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "NOREPLICAS", "MISCONF", "MOVED", "ASK");

  private static final long NO_CALLER_TIME = -1;

  private final Redis redis;
  private final RedisQuotaStoreOptions options;
  private final QuotaKeys keys;
  private final CircuitBreaker breaker;
  private final RedisStoreMetrics metrics;
  private final String librarySource;
  private Future<Void> loading; // guarded by this

  private RedisQuotaStore(Redis redis, RedisQuotaStoreOptions options, MeterRegistry registry, Clock clock) {
    this.redis = redis;
    this.options = options;
    this.keys = new QuotaKeys(options.keyPrefix());
    this.breaker = new CircuitBreaker(options.breaker(), clock);
    this.metrics = new RedisStoreMetrics(registry, Tags.of("prefix", options.keyPrefix()), breaker::state);
    this.librarySource = readLibrary();
  }

  /**
   * A store on a new pooled client; call {@link #start()} before use.
   *
   * @param clock drives the circuit breaker only; bucket time is Redis's own unless
   *     {@link RedisQuotaStoreOptions#timeSource()} says otherwise
   */
  public static RedisQuotaStore create(Vertx vertx, RedisQuotaStoreOptions options, MeterRegistry registry,
      Clock clock) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(clock, "clock");
    return new RedisQuotaStore(Redis.createClient(vertx, options.toRedisOptions()), options, registry, clock);
  }

  /**
   * Loads the function library. A failure here is not fatal: it counts against the breaker and the
   * library is loaded again by the first call that finds it missing.
   */
  public Future<Void> start() {
    return guarded(() -> reloadLibrary());
  }

  @Override
  public Future<List<StoreResult>> takeAndReturn(List<StoreOp> ops) {
    Objects.requireNonNull(ops, "ops");
    if (ops.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    long callerMicros;
    try {
      callerMicros = callerNowMicros();
    } catch (IllegalStateException e) {
      return Future.failedFuture(new QuotaStoreException(e.getMessage(), e));
    }
    List<Request> requests = new ArrayList<>(ops.size());
    for (StoreOp op : ops) {
      Request fcall = Request.cmd(Command.FCALL).arg(TAKE_AND_RETURN).arg(1).arg(keys.bucketKey(op.quotaKey()))
          .arg(op.rateMicroTokensPerSecond()).arg(op.burst()).arg(op.take()).arg(op.giveBack())
          .arg(op.consumed()).arg(op.idleTtlMillis());
      if (callerMicros != NO_CALLER_TIME) {
        fcall.arg(callerMicros); // one instant for the whole call, as the in-memory store has
      }
      requests.add(fcall);
    }
    return guarded(() -> execute(requests)).map(replies -> {
      metrics.ops.increment(ops.size());
      List<StoreResult> results = new ArrayList<>(ops.size());
      for (int i = 0; i < ops.size(); i++) {
        Response r = replies.get(i);
        results.add(new StoreResult(ops.get(i).quotaKey(), r.get(0).toLong(), r.get(1).toLong(),
            r.get(2).toLong(), r.get(3).toLong(), r.get(4).toLong()));
      }
      return results;
    });
  }

  @Override
  public Future<Optional<BucketSnapshot>> peek(String quotaKey) {
    Objects.requireNonNull(quotaKey, "quotaKey");
    String key = keys.bucketKey(quotaKey);
    long callerMicros;
    try {
      callerMicros = callerNowMicros();
    } catch (IllegalStateException e) {
      return Future.failedFuture(new QuotaStoreException(e.getMessage(), e));
    }
    List<Request> requests = List.of(
        Request.cmd(Command.HMGET).arg(key).arg("l").arg("t").arg("f").arg("g").arg("r").arg("u").arg("x"),
        Request.cmd(Command.PTTL).arg(key));
    return guarded(() -> execute(requests)).map(replies -> {
      Response fields = replies.get(0);
      long ttl = replies.get(1).toLong();
      if (ttl == -2 || fields == null || fields.size() < 6 || fields.get(0) == null) {
        return Optional.empty();
      }
      if (callerMicros != NO_CALLER_TIME && fields.size() > 6 && fields.get(6) != null) {
        // the idle deadline runs on the caller's clock (the key itself never expires)
        long remainingMicros = fields.get(6).toLong() - callerMicros;
        if (remainingMicros < 0) {
          return Optional.empty();
        }
        ttl = remainingMicros / 1_000L;
      }
      return Optional.of(new BucketSnapshot(quotaKey, fields.get(0).toLong(), fields.get(1).toLong(),
          fields.get(3).toLong(), fields.get(4).toLong(), fields.get(5).toLong(), ttl));
    });
  }

  /** The caller's now in µs under {@link TimeSource#caller}; {@link #NO_CALLER_TIME} under Redis time. */
  private long callerNowMicros() {
    return options.timeSource() instanceof TimeSource.CallerTime caller ? caller.nowMicros() : NO_CALLER_TIME;
  }

  @Override
  public CircuitState circuitState() {
    return breaker.state();
  }

  /** The Redis key holding {@code quotaKey}'s bucket and counters (for operators and tests). */
  public String redisKey(String quotaKey) {
    return keys.bucketKey(quotaKey);
  }

  @Override
  public Future<Void> close() {
    return redis.close();
  }

  /** Runs one store call under the breaker, the deadline and the error classification. */
  private <T> Future<T> guarded(java.util.function.Supplier<Future<T>> call) {
    if (!breaker.tryAcquire()) {
      metrics.rejected.increment();
      return Future.failedFuture(new StoreUnavailableException("redis circuit is open; next probe in "
          + TimeUnit.NANOSECONDS.toMillis(breaker.nanosUntilProbe()) + " ms"));
    }
    Future<T> attempt;
    try {
      attempt = call.get();
    } catch (RuntimeException e) {
      attempt = Future.failedFuture(e);
    }
    return attempt.timeout(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> {
          if (ar.succeeded()) {
            breaker.onSuccess();
            return Future.succeededFuture(ar.result());
          }
          Throwable err = ar.cause();
          if (isLocalBackPressure(err)) {
            breaker.onIgnored();
            metrics.unavailable.increment();
            return Future.failedFuture(new StoreUnavailableException("redis calls queued beyond maxPoolWaiting ("
                + options.maxPoolWaiting() + "): " + describe(err), err));
          }
          if (isTransient(err)) {
            breaker.onFailure();
            metrics.unavailable.increment();
            return Future.failedFuture(new StoreUnavailableException("redis unavailable: " + describe(err), err));
          }
          breaker.onSuccess(); // Redis answered: it is reachable, the command itself was refused
          metrics.errors.increment();
          return Future.failedFuture(new QuotaStoreException("redis refused the call: " + describe(err), err));
        });
  }

  private Future<List<Response>> execute(List<Request> requests) {
    if (options.type() == RedisClientType.CLUSTER) {
      return RedisCluster.create(redis).groupByNodes(requests).compose(grouping -> {
        List<List<Request>> groups = new ArrayList<>(grouping.getKeyed());
        if (!grouping.getUnkeyed().isEmpty()) {
          groups.add(grouping.getUnkeyed());
        }
        return inBatches(groups).map(sent -> reorder(requests, groups, sent));
      });
    }
    return inBatches(List.of(requests)).map(sent -> sent.get(0));
  }

  /**
   * Sends each group in batches of at most maxBatchSize; replies per group. Groups (cluster nodes)
   * go in parallel; the batches of one group go one after the other, because the pool would put
   * parallel batches on different connections and ops on one key must apply in call order.
   */
  private Future<List<List<Response>>> inBatches(List<List<Request>> groups) {
    List<Future<List<Response>>> perGroup = new ArrayList<>(groups.size());
    for (List<Request> group : groups) {
      Future<List<Response>> chain = Future.succeededFuture(new ArrayList<>(group.size()));
      for (int from = 0; from < group.size(); from += options.maxBatchSize()) {
        List<Request> batch = group.subList(from, Math.min(group.size(), from + options.maxBatchSize()));
        chain = chain.compose(sofar -> reloadingRoundTrip(batch).map(replies -> {
          sofar.addAll(replies);
          return sofar;
        }));
      }
      perGroup.add(chain);
    }
    return Future.all(perGroup).map(all -> {
      List<List<Response>> replies = new ArrayList<>(groups.size());
      for (int g = 0; g < groups.size(); g++) {
        replies.add(all.resultAt(g));
      }
      return replies;
    });
  }

  // Retried per batch, not per call: a batch that failed for a missing library applied none of its
  // FCALLs, while other batches of the same call may have succeeded and must not run twice.
  private Future<List<Response>> reloadingRoundTrip(List<Request> batch) {
    return roundTrip(batch).recover(err -> isLibraryMissing(err)
        ? reloadLibrary().compose(loaded -> roundTrip(batch))
        : Future.failedFuture(err));
  }

  private static List<Response> reorder(List<Request> original, List<List<Request>> groups,
      List<List<Response>> replies) {
    Map<Request, Response> byRequest = new IdentityHashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      for (int i = 0; i < groups.get(g).size(); i++) {
        byRequest.put(groups.get(g).get(i), replies.get(g).get(i));
      }
    }
    List<Response> ordered = new ArrayList<>(original.size());
    for (Request request : original) {
      ordered.add(byRequest.get(request));
    }
    return ordered;
  }

  private Future<List<Response>> roundTrip(List<Request> batch) {
    metrics.roundTrips.increment();
    metrics.commands.increment(batch.size());
    Timer.Sample sample = Timer.start(metrics.registry);
    Future<List<Response>> sent = batch.size() == 1
        ? redis.send(batch.get(0)).map(r -> { List<Response> one = new ArrayList<>(1); one.add(r); return one; })
        : redis.batch(batch);
    return sent.andThen(ar -> sample.stop(metrics.latency));
  }

  private Future<Void> reloadLibrary() {
    synchronized (this) {
      if (loading != null && !loading.isComplete()) {
        return loading; // concurrent callers share one reload
      }
      Request load = Request.cmd(Command.FUNCTION).arg("LOAD").arg("REPLACE").arg(librarySource);
      metrics.functionLoads.increment();
      metrics.roundTrips.increment();
      metrics.commands.increment();
      Future<?> sent = options.type() == RedisClientType.CLUSTER
          ? RedisCluster.create(redis).onAllMasterNodes(load)
          : redis.send(load);
      loading = sent.mapEmpty();
      return loading;
    }
  }

  static boolean isLibraryMissing(Throwable err) {
    String message = err.getMessage();
    return message != null && (message.contains("Function not found") || message.contains("NOSCRIPT"));
  }

  /** The pool refused to queue the call: this JVM is overloaded, Redis may be fine. */
  static boolean isLocalBackPressure(Throwable err) {
    return err instanceof io.vertx.core.http.ConnectionPoolTooBusyException;
  }

  /** Whether a failure says Redis could not serve (as opposed to refusing one command). */
  static boolean isTransient(Throwable err) {
    String code = replyCode(err);
    return code == null || TRANSIENT_REPLIES.contains(code);
  }

  /**
   * The error code of a Redis error reply ({@code WRONGTYPE}, {@code ERR}, …), or null when the
   * failure is not a reply (timeout, refused connection, closed socket). Batch failures read
   * {@code ERR [i] <original reply>}; the original's code is the one that matters.
   */
  static String replyCode(Throwable err) {
    if (!err.getClass().getName().startsWith("io.vertx.redis.client.impl.types.")) {
      return null;
    }
    String message = err.getMessage() == null ? "" : err.getMessage().trim();
    if (message.startsWith("ERR [")) {
      int close = message.indexOf(']');
      message = close > 0 ? message.substring(close + 1).trim() : message;
    }
    int space = message.indexOf(' ');
    String code = space > 0 ? message.substring(0, space) : message;
    return code.isEmpty() ? "ERR" : code.toUpperCase(Locale.ROOT);
  }

  private static String describe(Throwable err) {
    String message = err.getMessage();
    return err.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String readLibrary() {
    try (InputStream in = RedisQuotaStore.class.getResourceAsStream("leasehold.lua")) {
      if (in == null) {
        throw new IllegalStateException("leasehold.lua is missing from the classpath next to RedisQuotaStore");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read leasehold.lua", e);
    }
  }
}
