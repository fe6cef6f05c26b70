package io.leasehold.sim.leasehold;

import io.leasehold.coordinator.core.CentralPool;
import io.leasehold.coordinator.core.PoolConfig;
import io.leasehold.coordinator.core.PoolSettings;
import io.leasehold.coordinator.core.SyncResult;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.time.Clock;
import io.leasehold.sim.net.Network;
import io.leasehold.sim.net.NodeAddress;
import io.leasehold.sim.net.RequestHandler;

/**
 * One coordinator replica: the production {@link CentralPool} answering {@code POST /v1/region-sync}.
 * A crash loses the pool; the process comes back as a standby with a fresh one (rules only).
 */
final class CoordinatorNode implements RequestHandler {
  private final Network network;
  private final NodeAddress address;
  private final PoolSettings settings;
  private final Clock clock;
  private final Wire wire;
  private CentralPool pool;

  CoordinatorNode(Network network, NodeAddress address, PoolSettings settings, Clock clock, Wire wire,
      PoolConfig config) {
    this.network = network;
    this.address = address;
    this.settings = settings;
    this.clock = clock;
    this.wire = wire;
    restart(config);
    network.serve(address, this);
  }

  NodeAddress address() {
    return address;
  }

  CentralPool pool() {
    return pool;
  }

  boolean isLeader() {
    return pool != null && pool.isLeader();
  }

  void crash() {
    network.setDown(address, true);
    pool = null;
  }

  /** Starts (again) as a standby holding {@code config}. */
  void restart(PoolConfig config) {
    pool = new CentralPool(settings, clock);
    pool.applyConfig(config);
    network.setDown(address, false);
  }

  void applyConfig(PoolConfig config) {
    if (pool != null) {
      pool.applyConfig(config);
    }
  }

  @Override
  public void onRequest(NodeAddress from, Object request, long replyToken) {
    if (pool == null) {
      return;
    }
    SyncResult result = pool.sync((RegionSyncRequest) request);
    if (result instanceof SyncResult.Answered answered) {
      network.reply(replyToken, wire.carry(answered.response(), RegionSyncResponse.class));
    } else {
      network.reply(replyToken, wire.carryPlain(new CoordinatorRefusal(result.toString())));
    }
  }
}
