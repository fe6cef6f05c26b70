package io.leasehold.sim.scenario;

/**
 * Sync cadence of the hierarchy: edge → aggregator every {@code edgeIntervalNanos}, aggregator →
 * coordinator every {@code regionIntervalNanos}; each firing is moved by up to ± {@code jitter} ×
 * the interval.
 */
public record SyncSpec(long edgeIntervalNanos, long regionIntervalNanos, double jitter) {}
