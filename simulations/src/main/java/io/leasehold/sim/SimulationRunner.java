package io.leasehold.sim;

import io.leasehold.model.time.ManualClock;
import io.leasehold.sim.engine.Lanes;
import io.leasehold.sim.engine.PendingDecisions;
import io.leasehold.sim.engine.Rngs;
import io.leasehold.sim.engine.Simulator;
import io.leasehold.sim.net.Network;
import io.leasehold.sim.reference.IdealSystem;
import io.leasehold.sim.report.AccuracyMetrics;
import io.leasehold.sim.report.LimitTimeline;
import io.leasehold.sim.report.RunRecorder;
import io.leasehold.sim.report.RunSeries;
import io.leasehold.sim.report.SystemSummary;
import io.leasehold.sim.report.TrackedQuotas;
import io.leasehold.sim.scenario.Fault;
import io.leasehold.sim.scenario.Scenario;
import io.leasehold.sim.scenario.TrafficSpec;
import io.leasehold.sim.traffic.RequestBatch;
import io.leasehold.sim.traffic.TrafficGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a scenario against each system in turn, each in a fresh virtual world (clock at 0, empty
 * network, same seed), so every system sees exactly the same requests. An ideal reference runs in
 * lockstep inside every run to classify each of the system's decisions as right, a false admit or
 * a false reject.
 */
public final class SimulationRunner {
  private SimulationRunner() {}

  public static SimulationResult run(Scenario scenario, SimulationOptions options) {
    TrackedQuotas tracked = new TrackedQuotas(scenario.ruleLimits(), options.trackedKeysPerRule());
    int slots = (int) ((scenario.durationNanos() + RunSeries.SLOT_NANOS - 1) / RunSeries.SLOT_NANOS);
    LimitTimeline limits = LimitTimeline.of(scenario, slots);
    double[] shifts = shiftSeconds(scenario);
    List<SystemResult> results = new ArrayList<>();
    for (Supplier<SimulatedSystem> factory : options.systems()) {
      results.add(runOne(scenario, factory.get(), options, tracked, limits, shifts));
    }
    return new SimulationResult(scenario, results, tracked, limits);
  }

  private static SystemResult runOne(Scenario scenario, SimulatedSystem system,
      SimulationOptions options, TrackedQuotas tracked, LimitTimeline limits, double[] shifts) {
    if (scenario.lanePerRegion() && system.runsInLanes() && scenario.regionCount() > 1) {
      return new LanedRun(scenario, system, options, tracked).run(limits, shifts);
    }
    long wallStart = System.nanoTime(); // harness timing, not simulated time
    Simulator simulator = new Simulator(new ManualClock(0L));
    Rngs rngs = new Rngs(scenario.seed());
    Network network = new Network(simulator, rngs.stream("network"), scenario.links());
    RunRecorder recorder = new RunRecorder(tracked, scenario.regionCount(), scenario.durationNanos());
    PendingDecisions pending = new PendingDecisions();
    DecisionSink sink = (id, admitted, decidedAt) -> pending.complete(id,
        (region, rule, key, cost, arrival, ideal) -> recorder.decided(region, rule, key, cost,
            arrival, admitted, ideal, Math.min(decidedAt, simulator.now()), simulator.now()));
    SimContext context = new SimContext(scenario, simulator, network, rngs, options.limiters(), sink);

    IdealSystem ideal = new IdealSystem();
    ideal.start(new SimContext(scenario, simulator, network, new Rngs(scenario.seed()),
        options.limiters(), (id, admitted, decidedAt) -> {
          throw new IllegalStateException("the ideal decides instantly");
        }));
    system.start(context);
    scheduleFaults(scenario, simulator, ideal, system);

    TrafficGenerator traffic = new TrafficGenerator(scenario, new Rngs(scenario.seed()));
    RequestBatch batch = new RequestBatch();
    long nextId = 0;
    for (long tick = 0; tick < scenario.durationNanos(); tick += traffic.tickNanos()) {
      traffic.fill(tick, batch);
      for (int i = 0, n = batch.size(); i < n; i++) {
        long now = batch.time(i);
        simulator.runUntil(now);
        int e = batch.order(i);
        SimRequest request = new SimRequest(nextId++, now, batch.region(e), batch.edge(e),
            batch.rule(e), batch.key(e), batch.cost(e));
        boolean idealAdmits = ideal.decide(request) == Decision.ADMIT;
        recorder.arrived(request, idealAdmits);
        decide(system, request, idealAdmits, pending, recorder);
      }
    }
    simulator.runUntil(scenario.durationNanos());
    long drainEnd = scenario.durationNanos() + options.drainNanos();
    while (pending.size() > 0 && simulator.now() < drainEnd) {
      simulator.runUntil(Math.min(drainEnd, simulator.now() + RunSeries.SLOT_NANOS));
    }
    RunSeries series = recorder.finish(system.name(), pending.size());
    SystemStats stats = system.stats();
    double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
    SystemSummary summary = AccuracyMetrics.summarize(series, tracked, limits, shifts, stats,
        scenario.totalEdges(), scenario.durationNanos() / 1e9, wallSeconds);
    return new SystemResult(summary, series, stats, simulator.processedEvents());
  }

  /**
   * Asks {@code system} about a request arriving now: a decision is recorded at once, a pending one
   * parked until the system completes it.
   */
  static void decide(SimulatedSystem system, SimRequest request, boolean idealAdmits,
      PendingDecisions pending, RunRecorder recorder) {
    long now = request.arrivalNanos();
    Decision decision = system.decide(request);
    if (decision == Decision.PENDING) {
      pending.add(request.id(), request.region(), request.rule(), request.key(), request.cost(), now, idealAdmits);
    } else {
      recorder.decided(request.region(), request.rule(), request.key(), request.cost(), now,
          decision == Decision.ADMIT, idealAdmits, now, now);
    }
  }

  private static void scheduleFaults(
      Scenario scenario, Simulator simulator, SimulatedSystem ideal, SimulatedSystem system) {
    for (Fault fault : scenario.faults()) {
      simulator.schedule(fault.atNanos(), () -> {
        FaultEvent begin = new FaultEvent(fault, FaultEvent.Phase.BEGIN);
        ideal.onFault(begin);
        system.onFault(begin);
      });
      if (fault.untilNanos() != Fault.NO_END && fault.untilNanos() < scenario.durationNanos()) {
        simulator.schedule(fault.untilNanos(), () -> {
          FaultEvent end = new FaultEvent(fault, FaultEvent.Phase.END);
          ideal.onFault(end);
          system.onFault(end);
        });
      }
    }
  }

  /** Demand shifts: abrupt changes of the traffic shapes, and rule changes. */
  static double[] shiftSeconds(Scenario scenario) {
    List<Double> shifts = new ArrayList<>();
    for (TrafficSpec spec : scenario.traffic()) {
      for (double t : spec.shape().shiftTimes()) {
        shifts.add(t);
      }
    }
    for (Fault fault : scenario.faults()) {
      if (fault instanceof Fault.RuleChange) {
        shifts.add(fault.atNanos() / 1e9);
      }
    }
    return shifts.stream().mapToDouble(Double::doubleValue).filter(t -> t > 0).toArray();
  }
}
