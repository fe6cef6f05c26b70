package io.leasehold.sim;

/**
 * One client request of the simulated traffic.
 *
 * @param id dense sequence number, unique within a run, equal for every system on the same seed
 * @param arrivalNanos virtual time the request reaches its edge
 * @param region region index (scenario order)
 * @param edge edge index within the region
 * @param rule rule index (scenario order)
 * @param key dense key index within the rule ({@code 0} for a constant-key rule)
 * @param cost tokens the request takes
 */
public record SimRequest(long id, long arrivalNanos, int region, int edge, int rule, long key, int cost) {}
