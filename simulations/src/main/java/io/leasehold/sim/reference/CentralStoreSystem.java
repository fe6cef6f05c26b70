package io.leasehold.sim.reference;

import io.leasehold.sim.Decision;
import io.leasehold.sim.FaultEvent;
import io.leasehold.sim.SimContext;
import io.leasehold.sim.SimRequest;
import io.leasehold.sim.SimulatedSystem;
import io.leasehold.sim.SystemStats;
import io.leasehold.sim.net.NodeAddress;
import io.leasehold.sim.net.Partition;
import io.leasehold.sim.net.ResponseHandler;
import io.leasehold.sim.scenario.Fault;
import io.leasehold.sim.scenario.Fault.PartitionTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Baseline: one central Redis (in the coordinator's region) holding an exact bucket per quota,
 * called for every request. Each decision waits a round trip over the scenario's links (so remote
 * regions pay the cross-region RTT) and is taken when the call reaches the store: admitted tokens
 * count at that time, the request's wait lasts until the answer is back. A call that times
 * out (partition, store outage) fails open, as Envoy's global rate-limit filter does by default.
 */
public final class CentralStoreSystem implements SimulatedSystem, ResponseHandler {
  public static final String NAME = "central_store";

  private final boolean failOpen;
  private SimContext context;
  private QuotaLimiters store;
  private NodeAddress central;
  private NodeAddress[] clients;
  private final Map<Integer, Partition> partitions = new HashMap<>();
  private long storeOps;

  public CentralStoreSystem() {
    this(true);
  }

  public CentralStoreSystem(boolean failOpen) {
    this.failOpen = failOpen;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(SimContext context) {
    this.context = context;
    var scenario = context.scenario();
    this.store = new QuotaLimiters(context.limiters(), scenario.ruleLimits(), UnaryOperator.identity());
    this.central = context.network().addNode("central-store", scenario.coordinatorRegion());
    this.clients = new NodeAddress[scenario.regionCount()];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = context.network().addNode("clients-" + scenario.regions().get(i).name(), i);
    }
    context.network().serve(central, (from, request, replyToken) -> {
      SimRequest r = (SimRequest) request;
      storeOps++;
      boolean admitted = store.tryAcquire(r.rule(), r.key(), context.now(), r.cost());
      // one boxed long carries decision and store time: t ≥ 0 admitted at t, -t-1 rejected at t
      long now = context.now();
      context.network().reply(replyToken, admitted ? now : -now - 1);
    });
  }

  @Override
  public Decision decide(SimRequest r) {
    context.network().call(clients[r.region()], central, r,
        context.scenario().requestTimeoutNanos(), this, r.id());
    return Decision.PENDING;
  }

  @Override
  public void onResponse(long requestId, Object response) {
    long answer = (Long) response;
    context.complete(requestId, answer >= 0, answer >= 0 ? answer : -answer - 1);
  }

  @Override
  public void onTimeout(long requestId) {
    context.complete(requestId, failOpen, context.now());
  }

  @Override
  public void onFault(FaultEvent event) {
    boolean begins = event.phase() == FaultEvent.Phase.BEGIN;
    Fault fault = event.fault();
    if (fault instanceof Fault.RegionPartition p && p.from() == PartitionTarget.COORDINATOR) {
      if (begins) {
        partitions.put(p.region(), context.network().cut(
            List.of(clients[p.region()]), List.of(central), "region " + p.region() + " / central store"));
      } else {
        Partition partition = partitions.remove(p.region());
        if (partition != null) {
          partition.heal();
        }
      }
    } else if (fault instanceof Fault.RedisOutage outage
        && outage.region() == context.scenario().coordinatorRegion()) {
      context.network().setDown(central, begins);
    } else if (fault instanceof Fault.RuleChange change && begins) {
      store.reconfigure(change.ruleLimits(), context.now());
    }
  }

  @Override
  public SystemStats stats() {
    return new SystemStats(context.network().messagesSent(), storeOps);
  }
}
