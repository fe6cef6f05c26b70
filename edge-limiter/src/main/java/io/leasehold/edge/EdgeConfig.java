package io.leasehold.edge;

import io.leasehold.edge.config.EdgeConfigReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sidecar's configuration ({@code leasehold edge --config edge.yaml}), with environment
 * overrides applied: {@code LEASEHOLD_LISTEN_PORT}, {@code LEASEHOLD_UPSTREAM},
 * {@code LEASEHOLD_AGGREGATOR_URL} (comma-separated replicas) and {@code LEASEHOLD_SYNC_TOKEN}.
 * See the module README for every field and its default.
 *
 * @param upstream the service behind the sidecar; empty runs only {@code /v1/check}
 * @param adminPort port for {@code /healthz}, {@code /readyz}, {@code /metrics}; 0 serves them on
 *     the main port
 * @param instances HTTP verticle instances (event loops); 0 means one per core
 */
public record EdgeConfig(
    String listenHost,
    int listenPort,
    int adminPort,
    Optional<URI> upstream,
    Duration upstreamTimeout,
    Duration upstreamConnectTimeout,
    int upstreamPoolSize,
    String edgeId,
    Optional<String> region,
    boolean standalone,
    Optional<Path> rulesFile,
    Aggregator aggregator,
    Headers headers,
    long maxKeys,
    Duration idleExpiry,
    Duration leaseSafetyMargin,
    boolean trustForwardedFor,
    long maxCheckBodyBytes,
    Duration shutdownTimeout,
    int instances) {

  /** How the edge reaches its aggregator replicas. */
  public record Aggregator(
      List<URI> urls,
      Optional<String> token,
      Duration syncInterval,
      double jitter,
      Duration timeout,
      Duration backoffInitial,
      Duration backoffMax,
      int breakerFailures,
      Duration breakerCooldown) {

    public Aggregator {
      urls = List.copyOf(urls);
    }
  }

  /** Which rate-limit headers responses carry. */
  public record Headers(boolean onAllowed, boolean xRateLimit, ResetStyle xRateLimitReset) {}

  /** {@code X-RateLimit-Reset} as seconds from now (IETF style) or as a Unix time (GitHub style). */
  public enum ResetStyle {
    DELTA,
    EPOCH
  }

  /** Reads a YAML config; every problem is listed with its field path. */
  public static EdgeConfig parse(String yaml, Map<String, String> env) {
    return EdgeConfigReader.parse(yaml, env);
  }

  /** Reads the file at {@code path}; a relative {@code rules_file} is resolved against its directory. */
  public static EdgeConfig load(Path path, Map<String, String> env) {
    return EdgeConfigReader.load(path, env);
  }

  /** The core's settings derived from this config. */
  public EdgeSettings settings() {
    return EdgeSettings.builder(edgeId)
        .region(region.orElse(null))
        .standalone(standalone)
        .syncInterval(aggregator.syncInterval())
        .leaseSafetyMargin(leaseSafetyMargin)
        .maxKeys(maxKeys)
        .idleExpiry(idleExpiry)
        .build();
  }
}
