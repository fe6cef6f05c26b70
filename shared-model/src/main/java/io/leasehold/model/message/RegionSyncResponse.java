package io.leasehold.model.message;

import io.leasehold.model.QuotaId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reply to {@link RegionSyncRequest}.
 *
 * @param version protocol version it was written in
 * @param coordinatorId the answering coordinator (the leader)
 * @param fencingToken the leader's fencing token; grants carry it too
 * @param configRevision revision of the rules the coordinator holds
 * @param config the rules document at {@code configRevision}, sent only when the region's revision
 *     differs; opaque here (the rules package parses and validates it)
 * @param grants new or changed grants for the region, each quota at most once
 * @param hotKeysElsewhere keys hot in other regions, so that this region reports them explicitly
 * @param nextSyncMillis when the region should sync next, as a hint
 */
public record RegionSyncResponse(
    ProtocolVersion version,
    String coordinatorId,
    long fencingToken,
    long configRevision,
    Optional<String> config,
    List<Grant> grants,
    List<QuotaId> hotKeysElsewhere,
    long nextSyncMillis) implements Message {

  public RegionSyncResponse {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(coordinatorId, "coordinatorId");
    Objects.requireNonNull(config, "config");
    grants = List.copyOf(grants);
    hotKeysElsewhere = List.copyOf(hotKeysElsewhere);
  }
}
