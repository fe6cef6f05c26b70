package io.leasehold.edge.client;

import io.leasehold.edge.EdgeConfig;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.SyncResult;
import io.leasehold.edge.SyncRound;
import io.leasehold.model.time.Clock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;

/**
 * Drives the core's sync from one Vert.x context: a round every {@code sync_interval} (jittered so
 * that edges do not synchronise), earlier when a quota crosses its low-water mark or an unseen key
 * waits for its first lease, exponential backoff with jitter while the aggregator fails, and one
 * final round at shutdown that returns every unused token. One round is in flight at a time.
 */
public final class SyncLoop {
  private static final System.Logger LOG = System.getLogger(SyncLoop.class.getName());
  private final Vertx vertx;
  private final Context context;
  private final EdgeLimiter limiter;
  private final AggregatorClient client;
  private final EdgeConfig.Aggregator settings;
  private final SyncListener listener;
  private final Clock clock;
  private final RandomGenerator random;
  private final long minEarlyGapNanos;
  private final ConcurrentLinkedQueue<Runnable> afterNextRound = new ConcurrentLinkedQueue<>();

  private long timerId = -1;
  private boolean inFlight;
  private boolean earlyWanted;
  private boolean stopped;
  private long lastStartNanos;
  private int consecutiveFailures;
  private volatile boolean everSucceeded;
  private Promise<Void> idle;

  public SyncLoop(Vertx vertx, EdgeLimiter limiter, AggregatorClient client, EdgeConfig.Aggregator settings,
      SyncListener listener, Clock clock, RandomGenerator random) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.limiter = limiter;
    this.client = client;
    this.settings = settings;
    this.listener = listener;
    this.clock = clock;
    this.random = random;
    this.minEarlyGapNanos = Math.min(settings.syncInterval().toNanos() / 4, 20_000_000L);
  }

  /** Starts syncing at once (the first round fetches the rules when the aggregator relays them). */
  public void start() {
    limiter.onEarlySyncWanted(() -> context.runOnContext(v -> early()));
    context.runOnContext(v -> round());
  }

  /** Whether some round has succeeded since start. */
  public boolean everSucceeded() {
    return everSucceeded;
  }

  /** Runs {@code action} (on the sync context) once the next round has completed, successfully or not. */
  public void afterNextRound(Runnable action) {
    afterNextRound.add(action);
  }

  private void early() {
    if (stopped) {
      return;
    }
    if (inFlight) {
      earlyWanted = true;
      return;
    }
    long sinceLast = clock.nanos() - lastStartNanos;
    if (sinceLast >= minEarlyGapNanos) {
      cancelTimer();
      round();
    } else {
      cancelTimer();
      schedule(minEarlyGapNanos - sinceLast);
    }
  }

  private void round() {
    timerId = -1;
    if (stopped || inFlight) {
      return;
    }
    inFlight = true;
    earlyWanted = false;
    lastStartNanos = clock.nanos();
    SyncRound round = limiter.beginSync();
    client.sync(round.request()).onComplete(ar -> {
      inFlight = false;
      long latency = clock.nanos() - round.sentAtNanos();
      long nextNanos;
      if (ar.succeeded()) {
        SyncResult result = limiter.completeSync(round, ar.result());
        if (consecutiveFailures > 0) {
          LOG.log(System.Logger.Level.INFO, "aggregator reachable again after {0} failed sync rounds", consecutiveFailures);
        }
        if (result.config() == SyncResult.ConfigChange.REJECTED) {
          LOG.log(System.Logger.Level.WARNING, "relayed config rejected; keeping revision {0}: {1}",
              limiter.configRevision(), String.join("; ", result.configProblems()));
        } else if (result.config() == SyncResult.ConfigChange.APPLIED) {
          LOG.log(System.Logger.Level.INFO, "rules revision {0} applied", limiter.configRevision());
        }
        consecutiveFailures = 0;
        everSucceeded = true;
        listener.succeeded(latency, result);
        nextNanos = jittered(settings.syncInterval().toNanos());
      } else {
        limiter.failSync(round);
        consecutiveFailures++;
        Throwable cause = ar.cause();
        if (consecutiveFailures == 1 || Integer.bitCount(consecutiveFailures) == 1) { // 1, 2, 4, 8…: no log flood
          LOG.log(System.Logger.Level.WARNING, "sync failed ({0} in a row): {1}", consecutiveFailures, cause.getMessage());
        }
        listener.failed(latency, cause instanceof AggregatorClient.SyncFailure f ? f.kind() : "error",
            String.valueOf(cause.getMessage()));
        nextNanos = backoffNanos();
      }
      runWaiters();
      if (stopped) {
        if (idle != null) {
          idle.tryComplete();
        }
        return;
      }
      if (earlyWanted && ar.succeeded()) {
        nextNanos = minEarlyGapNanos;
      }
      schedule(nextNanos);
    });
  }

  private void runWaiters() {
    for (Runnable waiter; (waiter = afterNextRound.poll()) != null; ) {
      waiter.run();
    }
  }

  /** min(max, initial × 2^(failures−1)), then "equal jitter": half fixed, half random. */
  private long backoffNanos() {
    long initial = settings.backoffInitial().toNanos();
    long max = settings.backoffMax().toNanos();
    int shift = Math.min(consecutiveFailures - 1, 30);
    long base = Math.min(max, initial << shift);
    return base / 2 + (long) (random.nextDouble() * (base / 2.0));
  }

  private long jittered(long nanos) {
    double j = settings.jitter();
    return (long) (nanos * (1 - j + 2 * j * random.nextDouble()));
  }

  private void schedule(long nanos) {
    long millis = Math.max(1, nanos / 1_000_000L);
    timerId = vertx.setTimer(millis, id -> context.runOnContext(v -> round()));
  }

  private void cancelTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  /**
   * Stops the loop and sends the final round, returning every unused token; completes when the
   * aggregator answered or the attempt failed (the tokens then come back when their leases expire).
   */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopped = true;
      cancelTimer();
      Future<Void> previous;
      if (inFlight) {
        idle = Promise.promise();
        previous = idle.future();
      } else {
        previous = Future.succeededFuture();
      }
      previous.onComplete(x -> {
        SyncRound last = limiter.beginFinalSync();
        client.sync(last.request()).onComplete(ar -> {
          if (ar.succeeded()) {
            limiter.completeSync(last, ar.result());
          } else {
            limiter.failSync(last);
          }
          runWaiters();
          done.complete();
        });
      });
    });
    return done.future();
  }
}
