package io.leasehold.sim.scenario;

/** A region: its name, how many edges (sidecars) and aggregator replicas it runs. */
public record RegionSpec(String name, int edges, int aggregators) {}
