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
import io.leasehold.sim.net.ResponseHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One coordinator replica: the production {@link CentralPool} answering {@code POST /v1/region-sync}.
 * A standby forwards region syncs to the leader the election names, or refuses them (the shell's
 * 503) while there is none, as {@code CoordinatorServer} does. A crash loses the pool; the process
 * comes back as a standby with a fresh one (rules only).
 */
final class CoordinatorNode implements RequestHandler, ResponseHandler {
  private final Network network;
  private final NodeAddress address;
  private final PoolSettings settings;
  private final Clock clock;
  private final Wire wire;
  private final Supplier<CoordinatorNode> leader;
  private final Map<Long, Long> forwarded = new HashMap<>();
  private CentralPool pool;
  private long nextTag;

  CoordinatorNode(Network network, NodeAddress address, PoolSettings settings, Clock clock, Wire wire,
      PoolConfig config, Supplier<CoordinatorNode> leader) {
    this.network = network;
    this.address = address;
    this.settings = settings;
    this.clock = clock;
    this.wire = wire;
    this.leader = leader;
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
    forwarded.clear();
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
    CoordinatorNode current = leader.get();
    if (!pool.isLeader() && current != null && current != this) {
      long tag = nextTag++;
      forwarded.put(tag, replyToken);
      network.call(address, current.address(), wire.carry((RegionSyncRequest) request, RegionSyncRequest.class),
          settings.requestDeadline().toNanos(), this, tag);
      return;
    }
    SyncResult result = pool.sync((RegionSyncRequest) request);
    if (result instanceof SyncResult.Answered answered) {
      network.reply(replyToken, wire.carry(answered.response(), RegionSyncResponse.class));
    } else {
      network.reply(replyToken, wire.carryPlain(new CoordinatorRefusal(result.toString())));
    }
  }

  @Override
  public void onResponse(long tag, Object response) {
    Long replyToken = forwarded.remove(tag);
    if (replyToken != null) {
      network.reply(replyToken, response instanceof RegionSyncResponse answer
          ? wire.carry(answer, RegionSyncResponse.class) : wire.carryPlain(response));
    }
  }

  @Override
  public void onTimeout(long tag) {
    Long replyToken = forwarded.remove(tag);
    if (replyToken != null) {
      network.reply(replyToken, wire.carryPlain(new CoordinatorRefusal("forwarding to the leader failed")));
    }
  }
}
