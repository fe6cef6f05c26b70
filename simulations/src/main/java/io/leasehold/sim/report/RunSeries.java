package io.leasehold.sim.report;

import org.HdrHistogram.Histogram;

/**
 * Everything one system's run recorded. Series are tokens per 100 ms slot, indexed
 * {@code [tracked quota][region][slot]}: {@code demand} by arrival time, {@code admitted} by the
 * time the limiter took the decision, {@code idealAdmitted} by arrival time (the ideal decides
 * instantly). Counters cover every request, tracked or not.
 *
 * @param decisionLatency nanoseconds from arrival to decision, every decided request
 */
public record RunSeries(
    String system,
    int slots,
    long[][][] demand,
    long[][][] admitted,
    long[][][] idealAdmitted,
    long requests,
    long admittedRequests,
    long falseAdmits,
    long falseRejects,
    long undecided,
    Histogram decisionLatency) {

  public static final long SLOT_NANOS = 100_000_000L;
}
