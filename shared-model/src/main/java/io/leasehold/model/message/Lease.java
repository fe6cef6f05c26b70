package io.leasehold.model.message;

import io.leasehold.model.QuotaId;
import java.util.Objects;

/**
 * Capacity an aggregator gives an edge for one quota.
 *
 * @param quota the quota
 * @param tokens tokens granted now, added to the edge's local bucket
 * @param microTokensPerSecond refill rate the edge may apply until the lease expires
 * @param burst capacity of the edge's local bucket for this quota, in tokens
 * @param epoch increases with every change of this quota's lease; the edge acks it
 * @param ttlMillis how long the lease is valid, on the edge's monotonic clock from when it sent
 *     the request this answers; 0 revokes the lease
 */
public record Lease(
    QuotaId quota,
    long tokens,
    long microTokensPerSecond,
    long burst,
    long epoch,
    long ttlMillis) {

  public Lease {
    Objects.requireNonNull(quota, "quota");
  }
}
