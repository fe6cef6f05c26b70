package io.leasehold.sim.leasehold;

import io.leasehold.aggregator.QuotaStore;
import io.leasehold.aggregator.QuotaStoreException;
import io.leasehold.aggregator.StoreOp;
import io.leasehold.aggregator.StoreResult;
import io.leasehold.sim.net.Network;
import io.leasehold.sim.net.NodeAddress;
import io.leasehold.sim.net.RequestHandler;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A region's Redis: a production {@link QuotaStore} (the in-memory store, or the Redis store on a
 * real redis-server — see {@link RegionStores}) on a node of its own, so that an outage is the node
 * going down and a partition from Redis is a cut, and every store call pays the intra-region round
 * trip. Its state survives aggregator crashes and outages.
 *
 * <p>A call is answered within the same virtual instant: the simulator thread waits for the
 * store's future (never a Vert.x event loop; the Redis store's I/O runs on its own), so the time a
 * real Redis takes is wall time only. A store that fails is not a simulated fault (those are the
 * node's network faults) but broken infrastructure, and ends the run with a
 * {@link QuotaStoreException}.
 */
final class StoreNode implements RequestHandler {
  /** Longer than any store's own call deadline: a store is expected to fail its future first. */
  private static final long WAIT_LIMIT_SECONDS = 60;

  private final Network network;
  private final NodeAddress address;
  private final QuotaStore store;
  private long operations;

  StoreNode(Network network, NodeAddress address, QuotaStore store) {
    this.network = network;
    this.address = address;
    this.store = store;
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
    network.reply(replyToken, waitFor(store.takeAndReturn(ops)));
  }

  private List<StoreResult> waitFor(Future<List<StoreResult>> call) {
    if (call.succeeded()) {
      return call.result(); // the in-memory store: already complete
    }
    try {
      // await, not a look at isComplete()/cause(): the call may complete, successfully, between
      // the check above and here (a race that once failed a run with a null cause)
      return call.await(WAIT_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new QuotaStoreException(address.name() + ": no answer from the store within " + WAIT_LIMIT_SECONDS + " s");
    } catch (Exception e) { // Vert.x rethrows the future's cause as is, checked or not
      return failed(e);
    }
  }

  private List<StoreResult> failed(Throwable cause) {
    throw new QuotaStoreException(address.name() + ": the store failed (" + cause.getMessage()
        + "); a real store failing is broken infrastructure, not a simulated fault", cause);
  }
}
