package io.leasehold.sim.report;

/**
 * The accuracy and cost of one system on one scenario (definitions: {@code docs/engine.md}).
 * Metrics that have no sample (no saturated window, no demand shift) are {@code NaN}, written as
 * JSON {@code null}.
 */
public record SystemSummary(
    String system,
    double overAdmissionMaxPct,
    double overAdmissionP999Pct,
    double utilizationPct,
    double convergenceP99Ms,
    double falseRejectPct,
    double falseAdmitPct,
    double controlMessagesPerEdgePerS,
    double storeOpsPerDecision,
    double wallSeconds,
    double virtualSeconds,
    long requests,
    double admittedPct,
    double decisionLatencyP99Ms,
    long undecided) {}
