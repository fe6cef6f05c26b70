package io.leasehold.aggregator.core;

import io.leasehold.aggregator.StoreOp;
import io.leasehold.model.message.EdgeSyncRequest;
import java.util.List;

/**
 * One edge sync between {@link RegionLeaser#plan} and {@link RegionLeaser#complete}: the store ops
 * it needs. The shell may concatenate the ops of several plans into one store call, then hand each
 * plan its slice of the results, in order.
 */
public final class SyncPlan {
  private final EdgeSyncRequest request;
  private final List<PlannedLease> items;
  private final List<StoreOp> ops;
  private final boolean replay;
  private boolean completed;

  SyncPlan(EdgeSyncRequest request, List<PlannedLease> items, List<StoreOp> ops, boolean replay) {
    this.request = request;
    this.items = items;
    this.ops = List.copyOf(ops);
    this.replay = replay;
  }

  public EdgeSyncRequest request() {
    return request;
  }

  /** The store ops to run, one per leased quota; empty when there is nothing to ask the store. */
  public List<StoreOp> ops() {
    return ops;
  }

  /** Whether the request repeated one already processed; it changes nothing and gets no leases. */
  public boolean isReplay() {
    return replay;
  }

  List<PlannedLease> items() {
    return items;
  }

  void markCompleted() {
    if (completed) {
      throw new IllegalStateException("sync plan of edge " + request.edgeId() + " seq " + request.seq()
          + " was already completed");
    }
    completed = true;
  }
}
