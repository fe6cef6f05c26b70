package io.leasehold.edge.http;

import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeLimiter;
import io.leasehold.edge.client.SyncLoop;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.time.Clock;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides requests for the HTTP handlers and holds those that wait: an unseen key's for its first
 * lease, a thin share's for its next one ({@code thin_share: hold}). They are decided again after
 * each sync round, and at their deadline at the latest (DESIGN.md invariant 4: no request waits
 * beyond it), when an unseen key's rule applies {@code on_unavailable} and a thin share denies.
 */
final class Decider {
  private final Vertx vertx;
  private final EdgeLimiter limiter;
  private final EdgeMetrics metrics;
  private final SyncLoop syncLoop;
  private final Clock clock;
  /** Racy across event loops by design: it only spreads the latency samples. */
  private int calls;

  Decider(Vertx vertx, EdgeLimiter limiter, EdgeMetrics metrics, SyncLoop syncLoop, Clock clock) {
    this.vertx = vertx;
    this.limiter = limiter;
    this.metrics = metrics;
    this.syncLoop = syncLoop;
    this.clock = clock;
  }

  /** Decides at once; a final outcome is counted in the metrics, a pending one is not (yet). */
  EdgeDecision decide(RequestView request, long cost, EdgeDecision out) {
    // The latency histogram gets one decision in 16 (counters get all): two clock reads and a
    // histogram update per request would cost a fair share of the decision itself.
    boolean timed = (++calls & 15) == 0;
    long start = timed ? clock.nanos() : 0;
    limiter.decide(request, cost, syncLoop != null, out);
    if (out.outcome() != EdgeDecision.Outcome.PENDING) {
      metrics.recordDecision(out, timed ? clock.nanos() - start : -1);
    }
    return out;
  }

  /**
   * Holds a request that {@link #decide} answered {@link EdgeDecision.Outcome#PENDING}; {@code done}
   * runs once, on {@code context}, with the final decision (a fresh holder).
   */
  void await(RequestView request, long cost, long deadlineNanos, Context context, Handler<EdgeDecision> done) {
    Wait wait = new Wait(request, cost, deadlineNanos, context, done);
    long millis = Math.max(1, (deadlineNanos - clock.nanos() + 999_999) / 1_000_000);
    wait.timer = vertx.setTimer(millis, id -> context.runOnContext(v -> wait.decide(false)));
    syncLoop.afterNextRound(() -> context.runOnContext(v -> wait.decide(true)));
  }

  private final class Wait {
    final RequestView request;
    final long cost;
    final long deadlineNanos;
    final Context context;
    final Handler<EdgeDecision> done;
    final AtomicBoolean finished = new AtomicBoolean();
    long timer;

    Wait(RequestView request, long cost, long deadlineNanos, Context context, Handler<EdgeDecision> done) {
      this.request = request;
      this.cost = cost;
      this.deadlineNanos = deadlineNanos;
      this.context = context;
      this.done = done;
    }

    void decide(boolean mayWait) {
      if (finished.get()) {
        return;
      }
      EdgeDecision out = new EdgeDecision();
      long start = clock.nanos();
      limiter.decideHeld(request, cost, mayWait && start - deadlineNanos < 0, out);
      if (out.outcome() == EdgeDecision.Outcome.PENDING) {
        syncLoop.afterNextRound(() -> context.runOnContext(v -> decide(true)));
        return;
      }
      if (finished.compareAndSet(false, true)) {
        vertx.cancelTimer(timer);
        metrics.recordDecision(out, clock.nanos() - start);
        done.handle(out);
      }
    }
  }
}
