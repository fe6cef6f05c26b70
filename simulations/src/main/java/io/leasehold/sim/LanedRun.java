package io.leasehold.sim;

import io.leasehold.sim.engine.LaneWorkers;
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
import io.leasehold.sim.traffic.RequestBatch;
import io.leasehold.sim.traffic.TrafficGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One system's run with a lane per region ({@code lanes: per-region}): each region's nodes run on
 * their own event loop, and the loops advance together window by window, a window being at most
 * the least one-way latency between regions, so that nothing one region sends in a window can be
 * due in another before the window ends (conservative lock-step). Within a window the lanes share
 * nothing and run on {@link LaneWorkers} threads, beside one more task that draws the next
 * window's requests, which the ideal decides in arrival order as in a single-lane run (after the
 * window instead when a fault due at its end must reach the ideal first). Between windows this
 * thread files the messages that crossed ({@link Network#exchange()}) and applies the faults due
 * at the window's end (windows end at fault times).
 *
 * <p>Same seed, same result on any number of threads; the result is not the single-lane one
 * (network delays are drawn per lane), so the lane layout is part of the scenario.
 */
final class LanedRun {
  private final Scenario scenario;
  private final SimulatedSystem system;
  private final SimulationOptions options;
  private final TrackedQuotas tracked;
  private final Lanes lanes;
  private final Network network;
  private final RunRecorder recorder;
  private final LaneState[] states;
  private final ThreadLocal<LaneState> current = new ThreadLocal<>();

  LanedRun(Scenario scenario, SimulatedSystem system, SimulationOptions options, TrackedQuotas tracked) {
    this.scenario = scenario;
    this.system = system;
    this.options = options;
    this.tracked = tracked;
    this.lanes = Lanes.perRegion(scenario.regionCount());
    this.network = new Network(lanes, new Rngs(scenario.seed()), scenario.links());
    this.recorder = new RunRecorder(tracked, scenario.regionCount(), scenario.durationNanos());
    this.states = new LaneState[lanes.count()];
    for (int l = 0; l < states.length; l++) {
      states[l] = new LaneState(lanes.simulator(l), recorder.forLane());
    }
  }

  SystemResult run(LimitTimeline limits, double[] shifts) {
    long wallStart = System.nanoTime(); // harness timing, not simulated time
    long window = network.minCrossLaneLatencyNanos();
    if (window <= 0) {
      throw new IllegalArgumentException("lanes: per-region needs a latency above 0 between every two"
          + " regions (the least is " + window + " ns); use lanes: single");
    }
    Rngs rngs = new Rngs(scenario.seed());
    DecisionSink sink = (id, admitted, decidedAt) -> {
      LaneState lane = current.get();
      lane.pending.complete(id, (region, rule, key, cost, arrival, ideal) -> lane.recorder.decided(region, rule, key,
          cost, arrival, admitted, ideal, Math.min(decidedAt, lane.simulator.now()), lane.simulator.now()));
    };
    Simulator first = lanes.simulator(0);
    SimContext context = new SimContext(scenario, first, network, rngs, options.limiters(), sink, lanes);
    IdealSystem ideal = new IdealSystem();
    ideal.start(new SimContext(scenario, first, network, new Rngs(scenario.seed()), options.limiters(),
        (id, admitted, decidedAt) -> {
          throw new IllegalStateException("the ideal decides instantly");
        }, lanes));
    system.start(context);
    List<Boundary> faults = faultBoundaries();

    int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
    try (LaneWorkers workers = new LaneWorkers(lanes.count() + 1, threads)) {
      TrafficGenerator traffic = new TrafficGenerator(scenario, new Rngs(scenario.seed()));
      RequestCursor requests = new RequestCursor(traffic, scenario.durationNanos());
      long duration = scenario.durationNanos();
      int nextFault = 0;
      long start = 0;
      long end = windowEnd(start, window, faults, nextFault);
      requests.takeUntil(end, this, ideal);
      // Traffic: windows up to the end of the run; the last one also runs events due at the end.
      while (start <= duration) {
        while (nextFault < faults.size() && faults.get(nextFault).atNanos < start) {
          nextFault++; // none in a valid scenario: faults are due at 0 or later
        }
        for (LaneState lane : states) {
          lane.flip(); // the requests drawn for this window
        }
        // The next window's requests are drawn while this one runs, unless a fault due at its end
        // (a rule change) must reach the ideal first.
        boolean faultAtEnd = nextFault < faults.size() && faults.get(nextFault).atNanos == end;
        boolean drawAhead = end <= duration && !faultAtEnd;
        long nextEnd = drawAhead ? windowEnd(end, window, faults, nextFault) : 0;
        runWindow(workers, end, drawAhead ? () -> requests.takeUntil(nextEnd, this, ideal) : null);
        if (end <= duration) {
          lanes.advanceAll(end);
          while (nextFault < faults.size() && faults.get(nextFault).atNanos == end) {
            FaultEvent event = faults.get(nextFault++).event;
            ideal.onFault(event);
            system.onFault(event);
          }
        }
        start = end;
        if (start <= duration) {
          end = drawAhead ? nextEnd : windowEnd(start, window, faults, nextFault);
          if (!drawAhead) {
            requests.takeUntil(end, this, ideal);
          }
        }
      }
      long drainEnd = duration + options.drainNanos();
      while (pendingCount() > 0 && start <= drainEnd) {
        long until = Math.min(start + window, drainEnd + 1);
        runWindow(workers, until, null);
        start = until;
      }
    }
    long undecided = pendingCount();
    for (LaneState lane : states) {
      recorder.absorb(lane.recorder);
    }
    RunSeries series = recorder.finish(system.name(), undecided);
    SystemStats stats = system.stats();
    double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
    SystemSummary summary = AccuracyMetrics.summarize(series, tracked, limits, shifts, stats,
        scenario.totalEdges(), scenario.durationNanos() / 1e9, wallSeconds);
    return new SystemResult(summary, series, stats, lanes.processedEvents());
  }

  /**
   * Runs every lane's requests of the window and its events due before {@code end}, and beside
   * them {@code alongside} (the next window's draw; null: none), then files what crossed.
   */
  private void runWindow(LaneWorkers workers, long end, Runnable alongside) {
    int laneCount = states.length;
    workers.run(l -> {
      if (l == laneCount) {
        if (alongside != null) {
          alongside.run();
        }
        return;
      }
      LaneState lane = states[l];
      current.set(lane);
      lane.runUntil(end - 1, system);
    });
    network.exchange();
  }

  /**
   * The end of the window from {@code start}: a window's length later (the run's end + 1 at most),
   * or earlier at the first fault due after {@code start}, so that faults apply between windows.
   */
  private long windowEnd(long start, long window, List<Boundary> faults, int nextFault) {
    long end = Math.min(start + window, scenario.durationNanos() + 1);
    for (int f = nextFault; f < faults.size(); f++) {
      long at = faults.get(f).atNanos;
      if (at >= start) {
        return Math.min(end, at);
      }
    }
    return end;
  }

  private long pendingCount() {
    long n = 0;
    for (LaneState lane : states) {
      n += lane.pending.size();
    }
    return n;
  }

  private List<Boundary> faultBoundaries() {
    List<Boundary> boundaries = new ArrayList<>();
    for (Fault fault : scenario.faults()) {
      boundaries.add(new Boundary(fault.atNanos(), new FaultEvent(fault, FaultEvent.Phase.BEGIN)));
      if (fault.untilNanos() != Fault.NO_END && fault.untilNanos() < scenario.durationNanos()) {
        boundaries.add(new Boundary(fault.untilNanos(), new FaultEvent(fault, FaultEvent.Phase.END)));
      }
    }
    boundaries.sort((a, b) -> Long.compare(a.atNanos, b.atNanos)); // stable: a single loop's scheduling order on ties
    return boundaries;
  }

  private record Boundary(long atNanos, FaultEvent event) {}

  /** Requests of one lane's window, in arrival order, with the ideal's decision on each. */
  private static final class LaneState {
    final Simulator simulator;
    final RunRecorder recorder;
    final PendingDecisions pending = new PendingDecisions();
    /** This window's requests, and the next window's (drawn while this one runs). */
    private Arrivals now = new Arrivals();
    private Arrivals next = new Arrivals();

    LaneState(Simulator simulator, RunRecorder recorder) {
      this.simulator = simulator;
      this.recorder = recorder;
    }

    /** Queues a request for the next window. */
    void add(SimRequest request, boolean ideal) {
      next.add(request, ideal);
    }

    /** Makes the requests drawn so far this window's. */
    void flip() {
      Arrivals drawn = next;
      next = now;
      now = drawn;
    }

    void runUntil(long last, SimulatedSystem system) {
      Arrivals window = now;
      for (int i = 0; i < window.size; i++) {
        SimRequest request = window.requests[i];
        window.requests[i] = null;
        simulator.runUntil(request.arrivalNanos());
        SimulationRunner.decide(system, request, window.idealAdmits[i], pending, recorder);
      }
      window.size = 0;
      simulator.runUntil(last);
    }
  }

  private static final class Arrivals {
    SimRequest[] requests = new SimRequest[256];
    boolean[] idealAdmits = new boolean[256];
    int size;

    void add(SimRequest request, boolean ideal) {
      if (size == requests.length) {
        requests = Arrays.copyOf(requests, size * 2);
        idealAdmits = Arrays.copyOf(idealAdmits, size * 2);
      }
      requests[size] = request;
      idealAdmits[size] = ideal;
      size++;
    }
  }

  /** Walks the traffic tick by tick, handing each window the requests that arrive in it. */
  private static final class RequestCursor {
    private final TrafficGenerator traffic;
    private final long duration;
    private final RequestBatch batch = new RequestBatch();
    private long nextTick;
    private int index;
    private long nextId;

    RequestCursor(TrafficGenerator traffic, long duration) {
      this.traffic = traffic;
      this.duration = duration;
    }

    /** Every request arriving before {@code end}: decided by the ideal, recorded, queued on its lane. */
    void takeUntil(long end, LanedRun run, IdealSystem ideal) {
      while (true) {
        if (index == batch.size()) {
          if (nextTick >= duration || nextTick >= end) {
            return;
          }
          traffic.fill(nextTick, batch);
          nextTick += traffic.tickNanos();
          index = 0;
          continue;
        }
        long now = batch.time(index);
        if (now >= end) {
          return;
        }
        int e = batch.order(index++);
        SimRequest request = new SimRequest(nextId++, now, batch.region(e), batch.edge(e),
            batch.rule(e), batch.key(e), batch.cost(e));
        boolean idealAdmits = ideal.decide(request) == Decision.ADMIT;
        run.recorder.arrived(request, idealAdmits);
        run.states[run.lanes.laneOf(request.region())].add(request, idealAdmits);
      }
    }
  }
}
