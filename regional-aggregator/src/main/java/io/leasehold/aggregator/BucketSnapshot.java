package io.leasehold.aggregator;

/**
 * A quota's stored state, as last written (not refilled to now): the per-key debug view.
 *
 * @param quotaKey the quota key
 * @param levelMilliTokens bucket level at {@code updatedAtMicros}, in milli-tokens
 * @param updatedAtMicros when the bucket was last updated, in the store's own time base: Redis
 *     server time (µs since the epoch) for Redis, the injected monotonic clock for in-memory
 * @param grantedTotal tokens granted since the state was created
 * @param returnedTotal tokens given back since the state was created
 * @param consumedTotal usage recorded since the state was created
 * @param ttlMillis milliseconds until the idle state disappears
 */
public record BucketSnapshot(
    String quotaKey,
    long levelMilliTokens,
    long updatedAtMicros,
    long grantedTotal,
    long returnedTotal,
    long consumedTotal,
    long ttlMillis) {

  /** Whole tokens in the bucket at {@code updatedAtMicros}. */
  public long tokens() {
    return levelMilliTokens / 1000;
  }
}
