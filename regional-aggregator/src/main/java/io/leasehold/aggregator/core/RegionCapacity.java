package io.leasehold.aggregator.core;

/**
 * What the region may hand out for one quota right now: the refill rate and burst of its regional
 * bucket, and the floor it falls back to.
 *
 * @param microTokensPerSecond the regional bucket's refill rate
 * @param burst the regional bucket's capacity, tokens
 * @param floorMicroTokensPerSecond the region's reserved floor for this quota
 * @param source where the capacity comes from
 */
public record RegionCapacity(long microTokensPerSecond, long burst, long floorMicroTokensPerSecond, Source source) {

  /** Where a region's capacity for a quota comes from. */
  public enum Source {
    /** {@code scope: region}: the whole limit belongs to the region. */
    REGION_LIMIT,
    /** An unexpired grant from the coordinator (rule aggregates, hot keys). */
    GRANT,
    /** The rule's default per-key share ({@code equal}, {@code weights} or {@code traffic}). */
    DEFAULT_SHARE,
    /** No valid grant: the region's floor (invariant 4). */
    FLOOR
  }
}
