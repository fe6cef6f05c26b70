package io.leasehold.sim.leasehold;

import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.EdgeSettings;
import io.leasehold.edge.SyncRound;
import io.leasehold.edge.core.DecidingThreads;
import io.leasehold.edge.core.LeaseTableLimiter;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.sim.engine.Simulator;
import io.leasehold.sim.net.Network;
import io.leasehold.sim.net.NodeAddress;
import io.leasehold.sim.net.ResponseHandler;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One edge sidecar: the production {@link LeaseTableLimiter} and the sync loop its shell runs —
 * one {@code POST /v1/sync} in flight at a time, every interval and early when the core asks
 * (no sooner than its minimum gap after the previous one), to its preferred aggregator replica,
 * failing over to the next replica after a timeout.
 */
final class EdgeNode implements ResponseHandler {
  /** Told when a sync changed the rules this edge enforces. */
  interface RevisionListener {
    void onRevision(EdgeNode edge, long revision);
  }

  /** Told after every sync round ended (answered or failed): requests waiting for a lease may go on. */
  interface SyncListener {
    void onSyncEnded(EdgeNode edge);
  }

  private final Simulator simulator;
  private final Network network;
  private final Wire wire;
  private final NodeAddress address;
  private final List<NodeAddress> aggregators;
  private final LeaseTableLimiter limiter;
  private final long callTimeoutNanos;
  private final long minEarlyGapNanos;
  private final RevisionListener revisions;
  private final SyncListener syncs;
  private int aggregatorTarget;
  private SyncRound inFlight;
  private boolean earlyWanted;
  private boolean earlyScheduled;
  private long lastSyncNanos = Long.MIN_VALUE / 2;
  private long rounds;

  EdgeNode(Simulator simulator, Network network, Wire wire, NodeAddress address, List<NodeAddress> aggregators,
      int preferredAggregator, EdgeSettings settings, RuleSet rules, long revision, RandomGenerator hashSeeds,
      long callTimeoutNanos, RevisionListener revisions, SyncListener syncs) {
    this.simulator = simulator;
    this.network = network;
    this.wire = wire;
    this.address = address;
    this.aggregators = List.copyOf(aggregators);
    this.aggregatorTarget = preferredAggregator % aggregators.size();
    // a lane may run on another thread in its next window (WindowScheduler): one log keeps the report order
    this.limiter = new LeaseTableLimiter(settings, rules, revision, simulator.clock(), hashSeeds,
        DecidingThreads.ONE_AT_A_TIME);
    this.callTimeoutNanos = callTimeoutNanos;
    this.minEarlyGapNanos = settings.minEarlySyncGap().toNanos();
    this.revisions = revisions;
    this.syncs = syncs;
    limiter.onEarlySyncWanted(this::earlySyncWanted);
  }

  NodeAddress address() {
    return address;
  }

  LeaseTableLimiter limiter() {
    return limiter;
  }

  long rounds() {
    return rounds;
  }

  EdgeDecision decide(RequestView request, long cost, boolean mayWait, EdgeDecision out) {
    return limiter.decide(request, cost, mayWait, out);
  }

  /** Decides again a request held before ({@link io.leasehold.edge.EdgeLimiter#decideHeld}). */
  EdgeDecision decideHeld(RequestView request, long cost, boolean mayWait, EdgeDecision out) {
    return limiter.decideHeld(request, cost, mayWait, out);
  }

  /** The periodic sync tick. */
  void sync() {
    if (inFlight != null) {
      return;
    }
    lastSyncNanos = simulator.now();
    earlyWanted = false;
    SyncRound round = limiter.beginSync();
    inFlight = round;
    rounds++;
    network.call(address, aggregators.get(aggregatorTarget), wire.carry(round.request(), EdgeSyncRequest.class),
        callTimeoutNanos, this, round.seq());
  }

  private void earlySyncWanted() {
    earlyWanted = true;
    if (inFlight == null) {
      scheduleEarly();
    }
  }

  private void scheduleEarly() {
    if (earlyScheduled) {
      return;
    }
    earlyScheduled = true;
    long at = Math.max(simulator.now(), lastSyncNanos + minEarlyGapNanos);
    simulator.schedule(at, (now, arg) -> {
      earlyScheduled = false;
      if (earlyWanted) {
        sync();
      }
    }, 0L);
  }

  @Override
  public void onResponse(long seq, Object response) {
    SyncRound round = inFlight;
    if (round == null || round.seq() != seq) {
      return;
    }
    inFlight = null;
    long before = limiter.configRevision();
    limiter.completeSync(round, (EdgeSyncResponse) response);
    if (limiter.configRevision() != before) {
      revisions.onRevision(this, limiter.configRevision());
    }
    ended();
  }

  @Override
  public void onTimeout(long seq) {
    SyncRound round = inFlight;
    if (round == null || round.seq() != seq) {
      return;
    }
    inFlight = null;
    limiter.failSync(round);
    aggregatorTarget = (aggregatorTarget + 1) % aggregators.size();
    ended();
  }

  private void ended() {
    syncs.onSyncEnded(this);
    if (earlyWanted) {
      scheduleEarly();
    }
  }
}
