package io.leasehold.model.message;

import io.leasehold.model.QuotaId;
import java.util.Objects;

/**
 * Capacity the coordinator gives a region for one quota.
 *
 * @param quota the quota
 * @param region the region it is granted to
 * @param microTokensPerSecond granted rate
 * @param burst granted burst share, in tokens
 * @param epoch increases with every change of this quota's grant to this region
 * @param ttlMillis how long the grant is valid, on the region's monotonic clock from when it sent
 *     the request this answers; 0 revokes the grant
 * @param fencingToken the issuing coordinator's fencing token (its etcd leader key's create
 *     revision); a region ignores grants with a token below the highest it has seen
 * @param floorMicroTokensPerSecond the region's reserved floor: the rate its regional bucket refills
 *     at when this grant has expired and the coordinator is unreachable
 */
public record Grant(
    QuotaId quota,
    String region,
    long microTokensPerSecond,
    long burst,
    long epoch,
    long ttlMillis,
    long fencingToken,
    long floorMicroTokensPerSecond) {

  public Grant {
    Objects.requireNonNull(quota, "quota");
    Objects.requireNonNull(region, "region");
  }
}
