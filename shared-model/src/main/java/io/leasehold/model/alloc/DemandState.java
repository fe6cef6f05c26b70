package io.leasehold.model.alloc;

/**
 * A child's demand estimate, carried from one interval to the next by {@link DemandEstimator}.
 *
 * @param smoothedRate EWMA of consumed + denied, milli-tokens/s
 * @param estimateRate what to feed the allocator as demand: the EWMA or, when the child used
 *     nearly all of its grant, more (the growth allowance), milli-tokens/s
 * @param samples number of intervals seen (0: no estimate yet)
 */
public record DemandState(long smoothedRate, long estimateRate, long samples) {
  public static final DemandState INITIAL = new DemandState(0, 0, 0);
}
