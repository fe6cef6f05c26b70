package io.leasehold.sim;

import io.leasehold.sim.engine.WindowScheduler;
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
 * their own event loop, in windows of half the least one-way latency between regions, and each
 * lane may run its next window once every other lane has finished the one before last: nothing a
 * region sends after that can be due in another before the window ends (conservative parallel
 * simulation with a lookahead of two windows). The lanes' windows, and beside them the draw of each
 * window's requests (which the ideal decides in arrival order as in a single-lane run), run on
 * {@link WindowScheduler} threads as soon as they may. A lane files what the others sent it in the
 * window before last as it starts a window ({@link Network#receive(int, int)}). Faults apply
 * between windows: windows end at fault times, where every lane and the draw stop until they have
 * applied, so requests after a fault reach the ideal after it.
 *
 * <p>Same seed, same result on any number of threads; the result is not the single-lane one
 * (network delays are drawn per lane), so the lane layout is part of the scenario.
 */
final class LanedRun {
  /** Windows per least latency between lanes: how many windows a lane may run ahead of another + 1. */
  private static final int LOOKAHEAD_WINDOWS = 2;
  /** Windows of requests drawn ahead of the lanes + 1. */
  private static final int DRAW_AHEAD = 4;
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
    long leastLatency = network.minCrossLaneLatencyNanos();
    if (leastLatency <= 0) {
      throw new IllegalArgumentException("lanes: per-region needs a latency above 0 between every two"
          + " regions (the least is " + leastLatency + " ns); use lanes: single");
    }
    int lookahead = leastLatency >= LOOKAHEAD_WINDOWS ? LOOKAHEAD_WINDOWS : 1;
    long window = leastLatency / lookahead;
    network.pipelineWindows(2 * lookahead);
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

    Windows windows = trafficWindows(window, faultBoundaries());
    long duration = scenario.durationNanos();
    RequestCursor requests = new RequestCursor(new TrafficGenerator(scenario, new Rngs(scenario.seed())), duration);
    int trafficWindows = windows.count;
    WindowScheduler.Work work = new WindowScheduler.Work() {
      @Override
      public void runLane(int l, int k) {
        if (k >= lookahead) {
          network.receive(l, k - lookahead);
        }
        network.sendingIn(l, k);
        LaneState lane = states[l];
        current.set(lane);
        long end = windows.end(k);
        lane.runUntil(end - 1, k % DRAW_AHEAD, system);
        if (k < trafficWindows && end <= duration) {
          lane.simulator.advanceTo(end);
        }
      }

      @Override
      public void draw(int k) {
        if (k < trafficWindows) {
          requests.takeUntil(windows.end(k), k % DRAW_AHEAD, LanedRun.this, ideal);
        }
      }
    };
    int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
    try (WindowScheduler scheduler = new WindowScheduler(lanes.count(), lookahead, DRAW_AHEAD, threads)) {
      // Traffic: windows up to the end of the run (the last one also runs events due at the end),
      // stopping at each window that ends when faults are due, which then apply between windows.
      int k = 0;
      for (int b = 0; b < windows.faultWindows.size(); b++) {
        int last = windows.faultWindows.get(b);
        scheduler.runUntil(last + 1, work);
        k = last + 1;
        for (int l = 0; l < states.length; l++) {
          network.sendingIn(l, k); // what a fault makes a node send leaves with the next window's messages
        }
        for (FaultEvent event : windows.faultsAfter.get(b)) {
          ideal.onFault(event);
          system.onFault(event);
        }
      }
      scheduler.runUntil(trafficWindows, work);
      k = trafficWindows;
      // Drain: the least latency at a time until every request is decided or the drain time is up.
      long start = windows.end(k - 1);
      long drainEnd = duration + options.drainNanos();
      while (pendingCount() > 0 && start <= drainEnd) {
        long stop = Math.min(start + leastLatency, drainEnd + 1);
        for (long end = start; end < stop; ) {
          end = Math.min(end + window, stop);
          windows.add(end);
          k++;
        }
        scheduler.runUntil(k, work);
        start = stop;
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
   * The traffic's windows: each a window's length (the run's end + 1 at most), or shorter where
   * faults are due, which apply after the window that ends at their time.
   */
  private Windows trafficWindows(long window, List<Boundary> faults) {
    Windows windows = new Windows();
    long duration = scenario.durationNanos();
    int nextFault = 0;
    long start = 0;
    while (start <= duration) {
      long end = Math.min(start + window, duration + 1);
      for (int f = nextFault; f < faults.size(); f++) {
        if (faults.get(f).atNanos >= start) {
          end = Math.min(end, faults.get(f).atNanos);
          break;
        }
      }
      windows.add(end);
      if (end <= duration) {
        List<FaultEvent> due = new ArrayList<>();
        while (nextFault < faults.size() && faults.get(nextFault).atNanos <= end) {
          Boundary fault = faults.get(nextFault++);
          if (fault.atNanos == end) {
            due.add(fault.event);
          }
        }
        if (!due.isEmpty()) {
          windows.faultWindows.add(windows.count - 1);
          windows.faultsAfter.add(due);
        }
      }
      start = end;
    }
    return windows;
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

  /** Window ends in order, and the windows after which faults apply. */
  private static final class Windows {
    private long[] ends = new long[1024];
    int count;
    final List<Integer> faultWindows = new ArrayList<>();
    final List<List<FaultEvent>> faultsAfter = new ArrayList<>();

    void add(long end) {
      if (count == ends.length) {
        ends = Arrays.copyOf(ends, count * 2);
      }
      ends[count++] = end;
    }

    long end(int window) {
      return ends[window];
    }
  }

  /** Requests of one lane's window, in arrival order, with the ideal's decision on each. */
  private static final class LaneState {
    final Simulator simulator;
    final RunRecorder recorder;
    final PendingDecisions pending = new PendingDecisions();
    /** Requests by window, a ring of {@link #DRAW_AHEAD}: the draw fills one while the lane runs another. */
    private final Arrivals[] arrivals = new Arrivals[DRAW_AHEAD];

    LaneState(Simulator simulator, RunRecorder recorder) {
      this.simulator = simulator;
      this.recorder = recorder;
      for (int i = 0; i < arrivals.length; i++) {
        arrivals[i] = new Arrivals();
      }
    }

    /** Queues a request for the window whose requests are in {@code slot}. */
    void add(SimRequest request, boolean ideal, int slot) {
      arrivals[slot].add(request, ideal);
    }

    /** Decides the requests in {@code slot} as they arrive, running the events until {@code last}. */
    void runUntil(long last, int slot, SimulatedSystem system) {
      Arrivals window = arrivals[slot];
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

    /** Every request arriving before {@code end}: decided by the ideal, recorded, queued on its lane's {@code slot}. */
    void takeUntil(long end, int slot, LanedRun run, IdealSystem ideal) {
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
        run.states[run.lanes.laneOf(request.region())].add(request, idealAdmits, slot);
      }
    }
  }
}
