package io.leasehold.aggregator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything an aggregator process needs, validated: read from {@code aggregator.yaml} with
 * environment overrides by {@code io.leasehold.aggregator.http.ConfigReader} (see the module
 * README for the file format).
 *
 * @param region the region served
 * @param aggregatorId this replica's id
 * @param regions every region of the deployment, this one included (required): the same list in
 *     every region and at the coordinator, since {@code equal} per-key shares are limit / its size
 * @param host listen address
 * @param port listen port (0 picks a free one)
 * @param tls server certificate and key (PEM), when TLS is on
 * @param maxBodyBytes largest accepted {@code /v1/sync} body
 * @param syncToken the bearer token edges and the coordinator must present (and that this
 *     aggregator presents to the coordinator)
 * @param allowUnauthenticated run without a token (development only)
 * @param redisUrl {@code redis://}, {@code rediss://} or {@code memory:} (in-process store, one replica)
 * @param redisAuthToken Redis AUTH password / ElastiCache auth token
 * @param redisCaPem CA bundle for {@code rediss://}
 * @param redisCluster whether Redis runs in cluster mode
 * @param redisKeyPrefix prefix of every Redis key
 * @param redisTimeout deadline of one store call
 * @param coordinatorUrl the coordinator's base URL; absent for region-only deployments
 * @param coordinatorInterval region report interval
 * @param coordinatorTimeout deadline of one region sync
 * @param coordinatorCaPem CA bundle for an {@code https://} coordinator
 * @param rulesFile rules to enforce before (or without) a coordinator
 * @param leaseTtl TTL of edge leases
 * @param prefetchHorizon demand horizon an edge is topped up to
 * @param edgeSyncInterval sync interval hinted to edges
 * @param emergencyPermille fraction (‰) of each quota's region floor this replica may grant from
 *     memory while Redis is unavailable
 * @param maxInFlightStoreCalls concurrent store calls; edge syncs arriving meanwhile are coalesced
 *     into the next call
 * @param shutdownGrace how long in-flight requests may take to finish on shutdown
 */
public record AggregatorConfig(
    String region,
    String aggregatorId,
    List<String> regions,
    String host,
    int port,
    Optional<Tls> tls,
    int maxBodyBytes,
    Optional<String> syncToken,
    boolean allowUnauthenticated,
    String redisUrl,
    Optional<String> redisAuthToken,
    Optional<Path> redisCaPem,
    boolean redisCluster,
    String redisKeyPrefix,
    Duration redisTimeout,
    Optional<URI> coordinatorUrl,
    Duration coordinatorInterval,
    Duration coordinatorTimeout,
    Optional<Path> coordinatorCaPem,
    Optional<Path> rulesFile,
    Duration leaseTtl,
    Duration prefetchHorizon,
    Duration edgeSyncInterval,
    int emergencyPermille,
    int maxInFlightStoreCalls,
    Duration shutdownGrace) {

  /** The in-process store: state lives in this JVM, so only one replica per region may use it. */
  public static final String MEMORY_STORE = "memory:";

  /** A PEM certificate chain and its private key. */
  public record Tls(Path certPem, Path keyPem) {}

  public AggregatorConfig {
    regions = List.copyOf(regions);
  }

  /** Whether the Redis store is replaced by the in-process one. */
  public boolean inMemoryStore() {
    return MEMORY_STORE.equals(redisUrl);
  }

  @Override
  public String toString() {
    return "AggregatorConfig[region=" + region + ", id=" + aggregatorId + ", listen=" + host + ":" + port
        + (tls.isPresent() ? " (tls)" : "") + ", redis=" + redactedRedis() + ", coordinator="
        + coordinatorUrl.map(URI::toString).orElse("none") + ", auth=" + (syncToken.isPresent() ? "token" : "none") + "]";
  }

  private String redactedRedis() {
    return redisUrl.replaceAll("//[^@/]*@", "//***@");
  }
}
