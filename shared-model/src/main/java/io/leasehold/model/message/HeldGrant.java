package io.leasehold.model.message;

import io.leasehold.model.QuotaId;
import java.util.Objects;

/**
 * A grant a region currently holds, reported so that a newly elected coordinator can rebuild the
 * outstanding sum from the next round of reports instead of pausing to learn it.
 *
 * @param quota the quota
 * @param microTokensPerSecond granted rate
 * @param burst granted burst share, in tokens
 * @param epoch epoch of the grant
 * @param remainingTtlMillis what remains of the grant's TTL on the region's clock
 * @param fencingToken fencing token of the coordinator that issued it
 */
public record HeldGrant(
    QuotaId quota,
    long microTokensPerSecond,
    long burst,
    long epoch,
    long remainingTtlMillis,
    long fencingToken) {

  public HeldGrant {
    Objects.requireNonNull(quota, "quota");
  }
}
