package io.leasehold.aggregator.http;

import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.aggregator.core.RegionLeaser;
import io.leasehold.aggregator.core.StoreOutcome;
import io.leasehold.aggregator.core.SyncPlan;
import io.leasehold.model.message.EdgeSyncResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs the store round trips of edge syncs, coalescing: at most {@code maxInFlight} store calls at
 * a time, and syncs that arrive meanwhile wait and go out together in the next call, so the store
 * sees one pipelined call per burst of syncs rather than one per sync, with no added latency when
 * the store keeps up. Confined to the leaser's event loop.
 */
final class StoreBatcher {
  private record Waiting(SyncPlan plan, Promise<EdgeSyncResponse> promise) {}

  private final QuotaStore store;
  private final RegionLeaser leaser;
  private final int maxInFlight;
  private final int maxOpsPerCall;
  private final IntConsumer batchSizes;
  private final Context context;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int inFlight;

  StoreBatcher(Context context, QuotaStore store, RegionLeaser leaser, int maxInFlight, int maxOpsPerCall,
      IntConsumer batchSizes) {
    this.context = context;
    this.store = store;
    this.leaser = leaser;
    this.maxInFlight = maxInFlight;
    this.maxOpsPerCall = maxOpsPerCall;
    this.batchSizes = batchSizes;
  }

  Future<EdgeSyncResponse> submit(SyncPlan plan) {
    if (plan.ops().isEmpty()) {
      return Future.succeededFuture(leaser.complete(plan, List.of()));
    }
    if (!store.isAvailable()) {
      return Future.succeededFuture(leaser.completeWithoutStore(plan, StoreOutcome.NOT_ATTEMPTED));
    }
    Promise<EdgeSyncResponse> promise = Promise.promise();
    waiting.add(new Waiting(plan, promise));
    drain();
    return promise.future();
  }

  int waiting() {
    return waiting.size();
  }

  private void drain() {
    while (inFlight < maxInFlight && !waiting.isEmpty()) {
      List<Waiting> batch = new ArrayList<>();
      List<StoreOp> ops = new ArrayList<>();
      while (!waiting.isEmpty() && (batch.isEmpty() || ops.size() + waiting.peek().plan().ops().size() <= maxOpsPerCall)) {
        Waiting next = waiting.poll();
        batch.add(next);
        ops.addAll(next.plan().ops());
      }
      if (!store.isAvailable()) {
        batch.forEach(w -> w.promise().complete(leaser.completeWithoutStore(w.plan(), StoreOutcome.NOT_ATTEMPTED)));
        continue;
      }
      inFlight++;
      batchSizes.accept(ops.size());
      store.takeAndReturn(ops).onComplete(ar -> onContext(() -> {
        inFlight--;
        if (ar.succeeded()) {
          List<StoreResult> results = ar.result();
          int from = 0;
          for (Waiting w : batch) {
            int to = from + w.plan().ops().size();
            w.promise().complete(leaser.complete(w.plan(), results.subList(from, to)));
            from = to;
          }
        } else {
          batch.forEach(w -> w.promise().complete(leaser.completeWithoutStore(w.plan(), StoreOutcome.FAILED)));
        }
        drain();
      }));
    }
  }

  /** The leaser is confined to its event loop; store callbacks may come from elsewhere. */
  private void onContext(Runnable action) {
    if (context == null || Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
