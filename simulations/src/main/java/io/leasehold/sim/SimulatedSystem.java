package io.leasehold.sim;

/**
 * The seam between the simulator and a rate-limiting system under test. The runner creates one
 * fresh instance per run, calls {@link #start} at virtual time 0, then, in virtual-time order,
 * {@link #decide} for every request and {@link #onFault} at every fault boundary, interleaved with
 * the events the system scheduled itself (timers, network deliveries).
 *
 * <p>Implementations: the ideal reference and the baselines in {@code io.leasehold.sim.reference};
 * the Leasehold adapter wires the production edge, aggregator and coordinator cores onto {@link
 * SimContext#network()} and reads time from {@link SimContext#clock()}.
 */
public interface SimulatedSystem {
  /** Short stable name used in tables, JSON and charts (e.g. {@code "leasehold"}). */
  String name();

  void start(SimContext context);

  /**
   * Decides one request at {@code request.arrivalNanos()} (the current virtual time). Return
   * {@link Decision#PENDING} to decide later through {@link SimContext#complete}; every pending
   * request must eventually be completed (model client timeouts rather than waiting forever).
   */
  Decision decide(SimRequest request);

  /** A fault begins or ends. Systems ignore faults that do not concern them. */
  void onFault(FaultEvent event);

  /** Cost counters at the end of the run. */
  SystemStats stats();

  /**
   * Whether this system can run with a lane per region ({@code lanes: per-region}): it places each
   * region's nodes on {@link SimContext#simulator(int)}, keeps no state shared between regions
   * except through the network, and is safe to decide and handle events for different regions on
   * different threads at once. Systems that do not are run on a single lane.
   */
  default boolean runsInLanes() {
    return false;
  }
}
