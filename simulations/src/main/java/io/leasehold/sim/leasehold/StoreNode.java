package io.leasehold.sim.leasehold;

import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.aggregator.store.InMemoryQuotaStore;
import io.leasehold.model.time.Clock;
import io.leasehold.sim.net.Network;
import io.leasehold.sim.net.NodeAddress;
import io.leasehold.sim.net.RequestHandler;
import java.util.List;

/**
 * A region's Redis: the production {@link InMemoryQuotaStore} (same semantics as the Redis
 * functions) on a node of its own, so that an outage is the node going down and a partition from
 * Redis is a cut, and every store call pays the intra-region round trip. Its state survives
 * aggregator crashes and outages.
 */
final class StoreNode implements RequestHandler {
  private final Network network;
  private final NodeAddress address;
  private final InMemoryQuotaStore store;
  private long operations;

  StoreNode(Network network, NodeAddress address, Clock clock) {
    this.network = network;
    this.address = address;
    this.store = new InMemoryQuotaStore(clock);
    network.serve(address, this);
  }

  NodeAddress address() {
    return address;
  }

  /** Store ops executed (each a script call on one quota in Redis). */
  long operations() {
    return operations;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void onRequest(NodeAddress from, Object request, long replyToken) {
    List<StoreOp> ops = (List<StoreOp>) request;
    operations += ops.size();
    List<StoreResult> results = store.takeAndReturn(ops).result();
    network.reply(replyToken, results);
  }
}
