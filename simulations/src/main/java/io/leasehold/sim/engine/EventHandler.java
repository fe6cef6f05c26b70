package io.leasehold.sim.engine;

/**
 * Reacts to one scheduled event. The {@code arg} travels with the event so that a handler can be a
 * long-lived object (a network, a timer table) and the queue needs no per-event wrapper object.
 */
@FunctionalInterface
public interface EventHandler {
  void onEvent(long nowNanos, long arg);
}
