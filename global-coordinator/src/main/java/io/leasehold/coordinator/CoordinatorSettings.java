package io.leasehold.coordinator;

import io.leasehold.coordinator.core.PoolSettings;
import io.leasehold.coordinator.etcd.EtcdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a coordinator process needs, read from {@code coordinator.yaml} and the environment by
 * {@link io.leasehold.coordinator.config.CoordinatorSettingsReader}.
 *
 * @param pool central pool settings (id, grant TTL, sync interval, hot keys, expected regions)
 * @param host address the HTTP server binds
 * @param port HTTP port (region syncs, admin API, metrics, health)
 * @param advertisedUrl where other coordinators and regions reach this one (stored in the election)
 * @param standbyMode what a standby does with a region sync
 * @param tlsCertFile PEM certificate for HTTPS; {@code null} for plain HTTP
 * @param tlsKeyFile PEM private key of {@code tlsCertFile}
 * @param adminToken bearer token of the admin API ({@code LEASEHOLD_ADMIN_TOKEN})
 * @param syncToken bearer token of region syncs ({@code LEASEHOLD_SYNC_TOKEN})
 * @param maxBodyBytes largest request body accepted
 * @param etcd the etcd connection and key layout
 */
public record CoordinatorSettings(
    PoolSettings pool,
    String host,
    int port,
    String advertisedUrl,
    StandbyMode standbyMode,
    Path tlsCertFile,
    Path tlsKeyFile,
    String adminToken,
    String syncToken,
    int maxBodyBytes,
    EtcdConfig etcd) {

  /** What a standby does with a region sync. */
  public enum StandbyMode {
    /** Answer 307 with the leader's URL. */
    REDIRECT,
    /** Forward the request to the leader and relay its answer. */
    FORWARD
  }

  public static final int DEFAULT_PORT = 9090;

  public CoordinatorSettings {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(host, "listen.host");
    Objects.requireNonNull(advertisedUrl, "advertised_url");
    Objects.requireNonNull(standbyMode, "standby_mode");
    Objects.requireNonNull(etcd, "etcd");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("listen.port: " + port + ": must be in 0..65535");
    }
    if ((tlsCertFile == null) != (tlsKeyFile == null)) {
      throw new IllegalArgumentException("tls: cert_file and key_file: set both, or neither");
    }
    requireToken("LEASEHOLD_ADMIN_TOKEN", adminToken);
    requireToken("LEASEHOLD_SYNC_TOKEN", syncToken);
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("max_body_bytes: " + maxBodyBytes + ": must be >= 1024");
    }
  }

  /** Settings for tests and local runs: loopback, the given tokens and etcd. */
  public static CoordinatorSettings local(String id, int port, String adminToken, String syncToken, EtcdConfig etcd) {
    return new CoordinatorSettings(PoolSettings.defaults(id), "127.0.0.1", port, "http://127.0.0.1:" + port,
        StandbyMode.REDIRECT, null, null, adminToken, syncToken, 16 * 1024 * 1024, etcd);
  }

  public CoordinatorSettings withPool(PoolSettings newPool) {
    return new CoordinatorSettings(newPool, host, port, advertisedUrl, standbyMode, tlsCertFile, tlsKeyFile,
        adminToken, syncToken, maxBodyBytes, etcd);
  }

  public CoordinatorSettings withListen(int newPort, String newAdvertisedUrl) {
    return new CoordinatorSettings(pool, host, newPort, newAdvertisedUrl, standbyMode, tlsCertFile, tlsKeyFile,
        adminToken, syncToken, maxBodyBytes, etcd);
  }

  public CoordinatorSettings withStandbyMode(StandbyMode mode) {
    return new CoordinatorSettings(pool, host, port, advertisedUrl, mode, tlsCertFile, tlsKeyFile,
        adminToken, syncToken, maxBodyBytes, etcd);
  }

  public CoordinatorSettings withExpectedRegions(Set<String> regions) {
    return withPool(pool.withExpectedRegions(regions));
  }

  public Duration grantTtl() {
    return pool.grantTtl();
  }

  private static void requireToken(String name, String token) {
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException(name + ": must be set to a secret of at least 16 characters");
    }
  }

  /** Never prints the tokens. */
  @Override
  public String toString() {
    return "CoordinatorSettings[id=" + pool.coordinatorId() + ", listen=" + host + ":" + port + ", advertised="
        + advertisedUrl + ", standby=" + standbyMode + ", tls=" + (tlsCertFile != null) + ", etcd=" + etcd.endpoints()
        + ", regions=" + pool.expectedRegions() + "]";
  }
}
