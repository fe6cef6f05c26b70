package io.leasehold.model.message;

import java.util.List;
import java.util.Objects;

/**
 * Body of {@code POST /v1/region-sync}: one aggregator's batched report for its region.
 *
 * @param version protocol version it was written in
 * @param region the reporting region
 * @param aggregatorId the reporting aggregator replica
 * @param seq sequence number, strictly increasing per aggregator process
 * @param configRevisionHeld revision of the rules the region enforces; 0 when none
 * @param fencingTokenSeen highest coordinator fencing token the region has seen; 0 when none.
 *     A coordinator whose own token is lower has been deposed and must not answer
 * @param ruleDemand demand per rule aggregate quota (each with the empty key)
 * @param hotKeys demand per hot key (each with a non-empty key)
 * @param acks grants the region now applies
 * @param held grants the region holds, with their remaining TTL
 */
public record RegionSyncRequest(
    ProtocolVersion version,
    String region,
    String aggregatorId,
    long seq,
    long configRevisionHeld,
    long fencingTokenSeen,
    List<DemandReport> ruleDemand,
    List<DemandReport> hotKeys,
    List<GrantAck> acks,
    List<HeldGrant> held) implements Message {

  public RegionSyncRequest {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(aggregatorId, "aggregatorId");
    ruleDemand = List.copyOf(ruleDemand);
    hotKeys = List.copyOf(hotKeys);
    acks = List.copyOf(acks);
    held = List.copyOf(held);
  }
}
