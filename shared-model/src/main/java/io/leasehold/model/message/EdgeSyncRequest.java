package io.leasehold.model.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Body of {@code POST /v1/sync}: an edge's batched report for all its active quotas.
 *
 * @param version protocol version it was written in
 * @param edgeId the edge's id, stable for the life of its process
 * @param region the region the edge believes it is in, if it knows
 * @param seq sequence number, strictly increasing per edge process; lets the aggregator drop
 *     duplicates and reordered retries
 * @param configRevisionHeld revision of the rules the edge enforces; 0 when it has none yet
 * @param sentAtNanos the edge's monotonic clock when it sent this, for diagnostics only: TTLs in
 *     the reply are measured on the edge's own clock from when it sent the request (DESIGN.md
 *     invariant 3), so the receiver never compares this with its clock
 * @param reports one report per active quota, each quota at most once
 */
public record EdgeSyncRequest(
    ProtocolVersion version,
    String edgeId,
    Optional<String> region,
    long seq,
    long configRevisionHeld,
    OptionalLong sentAtNanos,
    List<QuotaReport> reports) implements Message {

  public EdgeSyncRequest {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(edgeId, "edgeId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(sentAtNanos, "sentAtNanos");
    reports = List.copyOf(reports);
  }
}
