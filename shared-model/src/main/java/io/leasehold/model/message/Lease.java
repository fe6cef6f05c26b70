package io.leasehold.model.message;

import io.leasehold.model.QuotaId;
import java.util.Objects;

/**
 * Capacity an aggregator gives an edge for one quota.
 *
 * @param quota the quota
 * @param tokens tokens granted now, added to the edge's local bucket
 * @param microTokensPerSecond the edge's current fair-share rate of the region's capacity: for
 *     headers ({@code RateLimit-Policy}) and prefetch pacing only. It is NOT a local refill: while
 *     a lease is valid the edge admits only from leased {@code tokens} (shared-model/docs/protocol.md)
 * @param burst capacity of the edge's local bucket for this quota, in tokens
 * @param epoch increases with every change of this quota's lease; the edge acks it
 * @param ttlMillis how long the lease is valid, on the edge's monotonic clock from when it sent
 *     the request this answers; 0 revokes the lease
 * @param floorMicroTokensPerSecond the edge's guaranteed share, reserved by the aggregator: the rate
 *     it may refill at locally when the lease has expired and the aggregator is unreachable and the
 *     rule's {@code on_unavailable} is {@code floor} (shared-model/docs/protocol.md)
 */
public record Lease(
    QuotaId quota,
    long tokens,
    long microTokensPerSecond,
    long burst,
    long epoch,
    long ttlMillis,
    long floorMicroTokensPerSecond) {

  public Lease {
    Objects.requireNonNull(quota, "quota");
  }
}
