package io.leasehold.sim.net;

/** Receives one-way messages delivered to a node. */
@FunctionalInterface
public interface MessageHandler {
  void onMessage(NodeAddress from, Object message);
}
