package io.leasehold.model.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reply to {@link EdgeSyncRequest}.
 *
 * @param version protocol version it was written in
 * @param aggregatorId the answering aggregator replica
 * @param region the aggregator's region
 * @param configRevision revision of the rules the aggregator enforces
 * @param config the rules document at {@code configRevision}, sent only when the edge's revision
 *     differs; opaque here (the rules package parses and validates it)
 * @param leases new or changed leases, each quota at most once
 * @param degraded whether the aggregator is cut off from its coordinator or Redis and is serving
 *     from fallback shares
 * @param nextSyncMillis when the edge should sync next, as a hint
 * @param starterCaps per rule, the most starter tokens an edge may give an unseen key (since 1.1;
 *     absent rules are uncapped)
 */
public record EdgeSyncResponse(
    ProtocolVersion version,
    String aggregatorId,
    String region,
    long configRevision,
    Optional<String> config,
    List<Lease> leases,
    boolean degraded,
    long nextSyncMillis,
    List<StarterCap> starterCaps) implements Message {

  public EdgeSyncResponse {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(aggregatorId, "aggregatorId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(config, "config");
    leases = List.copyOf(leases);
    starterCaps = List.copyOf(starterCaps);
  }

  /** This response with {@code caps} as its starter caps. */
  public EdgeSyncResponse withStarterCaps(List<StarterCap> caps) {
    return new EdgeSyncResponse(version, aggregatorId, region, configRevision, config, leases, degraded, nextSyncMillis,
        caps);
  }

  /** A response that caps no rule's starter allowance. */
  public EdgeSyncResponse(ProtocolVersion version, String aggregatorId, String region, long configRevision,
      Optional<String> config, List<Lease> leases, boolean degraded, long nextSyncMillis) {
    this(version, aggregatorId, region, configRevision, config, leases, degraded, nextSyncMillis, List.of());
  }
}
