package io.leasehold.sim.scenario;

import io.leasehold.sim.traffic.RateShape;

/**
 * One open-loop stream of requests arriving at a region's edges (spread uniformly over them).
 *
 * @param region region index
 * @param rule rule index the requests fall under
 * @param shape offered rate over time
 * @param arrival how arrivals are spaced
 * @param keys key popularity (ignored for constant-key rules: always key 0)
 * @param costMin smallest request cost in tokens
 * @param costMax largest request cost; costs are uniform in [min, max]
 */
public record TrafficSpec(
    int region, int rule, RateShape shape, Arrival arrival, KeySpec keys, int costMin, int costMax) {

  public enum Arrival {
    /** Poisson process: independent arrivals, Poisson counts per tick. */
    POISSON,
    /** Deterministic spacing: the rate integrated over time, fractional arrivals carried over. */
    CONSTANT
  }
}
