package io.leasehold.sim;

import io.leasehold.model.time.Clock;
import io.leasehold.sim.engine.Lanes;
import io.leasehold.sim.engine.Rngs;
import io.leasehold.sim.engine.Simulator;
import io.leasehold.sim.net.Network;
import io.leasehold.sim.scenario.Scenario;

/**
 * Everything a simulated system gets when it starts: the scenario, the event loop and its virtual
 * clock (hand {@link #clock()} to the cores; in a run with a lane per region, each region's nodes
 * use {@link #simulator(int)} instead, see {@link SimulatedSystem#runsInLanes()}), the network to place nodes on, named random streams,
 * the limiter implementation of the reference systems, and where asynchronous decisions go.
 */
public record SimContext(
    Scenario scenario,
    Simulator simulator,
    Network network,
    Rngs rngs,
    LimiterFactory limiters,
    DecisionSink decisions,
    Lanes lanes) {

  /** A single-lane context: every region on {@code simulator}. */
  public SimContext(Scenario scenario, Simulator simulator, Network network, Rngs rngs,
      LimiterFactory limiters, DecisionSink decisions) {
    this(scenario, simulator, network, rngs, limiters, decisions,
        Lanes.single(simulator, scenario.regionCount()));
  }

  /** The event loop of a region's nodes (the only one unless the run has a lane per region). */
  public Simulator simulator(int region) {
    return lanes.forRegion(region);
  }

  public Clock clock() {
    return simulator.clock();
  }

  public long now() {
    return simulator.now();
  }

  /** Reports the decision on a request for which {@code decide} returned {@link Decision#PENDING}. */
  public void complete(SimRequest request, boolean admitted) {
    decisions.complete(request.id(), admitted, lanes.forRegion(request.region()).now());
  }

  /**
   * As {@link #complete(SimRequest, boolean)}, by request id, for a decision taken earlier at
   * {@code decidedAtNanos} (a remote store) whose answer reaches the edge now.
   */
  public void complete(long requestId, boolean admitted, long decidedAtNanos) {
    decisions.complete(requestId, admitted, decidedAtNanos);
  }
}
