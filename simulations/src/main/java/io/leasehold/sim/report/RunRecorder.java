package io.leasehold.sim.report;

import io.leasehold.sim.SimRequest;
import org.HdrHistogram.Histogram;

/** Accumulates one run's series and counters as requests arrive and are decided. */
public final class RunRecorder {
  private final TrackedQuotas tracked;
  private final int slots;
  private final long[][][] demand;
  private final long[][][] admitted;
  private final long[][][] idealAdmitted;
  private final Histogram latency = new Histogram(3);
  private long requests;
  private long admittedRequests;
  private long falseAdmits;
  private long falseRejects;

  public RunRecorder(TrackedQuotas tracked, int regions, long durationNanos) {
    this.tracked = tracked;
    this.slots = (int) ((durationNanos + RunSeries.SLOT_NANOS - 1) / RunSeries.SLOT_NANOS);
    this.demand = new long[tracked.size()][regions][slots];
    this.admitted = new long[tracked.size()][regions][slots];
    this.idealAdmitted = new long[tracked.size()][regions][slots];
  }

  private RunRecorder(RunRecorder parent) {
    this.tracked = parent.tracked;
    this.slots = parent.slots;
    this.demand = parent.demand;
    this.admitted = parent.admitted;
    this.idealAdmitted = parent.idealAdmitted;
  }

  /**
   * A recorder for the decisions of one lane: it writes the series of its own regions into this
   * recorder's arrays and keeps its own counters, which {@link #absorb} adds back at the end.
   */
  public RunRecorder forLane() {
    return new RunRecorder(this);
  }

  /** Adds a lane recorder's counters and latencies to this one's. */
  public void absorb(RunRecorder lane) {
    latency.add(lane.latency);
    requests += lane.requests;
    admittedRequests += lane.admittedRequests;
    falseAdmits += lane.falseAdmits;
    falseRejects += lane.falseRejects;
  }

  /** A request arrived; the ideal decided it instantly. */
  public void arrived(SimRequest r, boolean idealAdmits) {
    requests++;
    int t = tracked.index(r.rule(), r.key());
    if (t >= 0) {
      int slot = slot(r.arrivalNanos());
      if (slot < slots) {
        demand[t][r.region()][slot] += r.cost();
        if (idealAdmits) {
          idealAdmitted[t][r.region()][slot] += r.cost();
        }
      }
    }
  }

  /**
   * The system decided a request: admitted tokens count at {@code decidedNanos} (when the limiter
   * took the decision), waiting time runs until {@code answeredNanos} (when the edge got it).
   */
  public void decided(int region, int rule, long key, int cost, long arrivalNanos,
      boolean admits, boolean idealAdmits, long decidedNanos, long answeredNanos) {
    latency.recordValue(Math.max(0, answeredNanos - arrivalNanos));
    if (admits) {
      admittedRequests++;
      if (!idealAdmits) {
        falseAdmits++;
      }
      int t = tracked.index(rule, key);
      if (t >= 0) {
        int slot = slot(decidedNanos);
        if (slot < slots) {
          admitted[t][region][slot] += cost;
        }
      }
    } else if (idealAdmits) {
      falseRejects++;
    }
  }

  public RunSeries finish(String system, long undecided) {
    return new RunSeries(system, slots, demand, admitted, idealAdmitted, requests,
        admittedRequests, falseAdmits, falseRejects, undecided, latency);
  }

  private static int slot(long nanos) {
    return (int) (nanos / RunSeries.SLOT_NANOS);
  }
}
