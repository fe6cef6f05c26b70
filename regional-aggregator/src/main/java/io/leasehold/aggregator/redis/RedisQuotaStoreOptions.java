package io.leasehold.aggregator.redis;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link RedisQuotaStore} reaches Redis. Build with {@link #builder(String...)}; every
 * setting is validated when {@link Builder#build()} runs, with the offending field named.
 *
 * <p>See {@code regional-aggregator/docs/redis.md} for standalone, ElastiCache and Cluster setups.
 *
 * @param endpoints {@code redis://} or {@code rediss://} URLs (TLS when {@code rediss}); for a
 *     cluster, one or more seed nodes
 * @param type standalone, or cluster (per-key calls are grouped by node)
 * @param user ACL user, or null (then the URL's, if any)
 * @param password AUTH password / ElastiCache auth token, or null (then the URL's, if any)
 * @param caPem PEM file of CAs to trust for TLS, or null for the JVM's default trust store
 * @param verifyHostname whether TLS checks the server name against its certificate
 * @param keyPrefix first part of every key, e.g. {@code leasehold:prod}
 * @param callTimeout deadline of one store call, reload-and-retry included; also the TCP connect
 *     timeout
 * @param maxBatchSize most ops sent in one pipelined batch; larger calls are split
 * @param maxPoolSize pooled connections per node; each carries one batch at a time
 * @param maxPoolWaiting calls queued for a pooled connection; beyond it a call fails at once with
 *     {@link io.leasehold.aggregator.StoreUnavailableException} (local back-pressure, which does
 *     not count against the circuit breaker)
 * @param breaker circuit-breaker thresholds
 * @param timeSource where bucket refills read "now": {@link TimeSource#REDIS} (default, production)
 *     or {@link TimeSource#caller} (simulations and tests in virtual time; see {@link TimeSource})
 */
public record RedisQuotaStoreOptions(
    List<String> endpoints,
    RedisClientType type,
    String user,
    String password,
    Path caPem,
    boolean verifyHostname,
    String keyPrefix,
    Duration callTimeout,
    int maxBatchSize,
    int maxPoolSize,
    int maxPoolWaiting,
    BreakerSettings breaker,
    TimeSource timeSource) {

  public RedisQuotaStoreOptions {
    endpoints = List.copyOf(Objects.requireNonNull(endpoints, "redis.endpoints: must not be null"));
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("redis.endpoints: empty; give at least one redis:// or rediss:// URL");
    }
    Boolean tls = null;
    for (int i = 0; i < endpoints.size(); i++) {
      boolean endpointTls = schemeIsTls("redis.endpoints[" + i + "]", endpoints.get(i));
      if (tls != null && tls != endpointTls) {
        throw new IllegalArgumentException("redis.endpoints[" + i + "]: '" + redact(endpoints.get(i))
            + "' mixes redis:// and rediss://; all endpoints must use the same scheme");
      }
      tls = endpointTls;
    }
    Objects.requireNonNull(type, "redis.type: must not be null");
    if (type != RedisClientType.STANDALONE && type != RedisClientType.CLUSTER) {
      throw new IllegalArgumentException("redis.type: " + type + " is not supported; use STANDALONE or CLUSTER");
    }
    if (user != null && user.isBlank()) {
      throw new IllegalArgumentException("redis.user: blank; leave it unset instead");
    }
    if (password != null && password.isEmpty()) {
      throw new IllegalArgumentException("redis.password: empty; leave it unset instead");
    }
    if (caPem != null) {
      if (!tls) {
        throw new IllegalArgumentException("redis.caPem: '" + caPem + "' is set but the endpoints use redis:// "
            + "(plain TCP); use rediss:// URLs for TLS");
      }
      if (!Files.isReadable(caPem)) {
        throw new IllegalArgumentException("redis.caPem: '" + caPem + "' is not a readable file");
      }
    }
    new QuotaKeys(keyPrefix); // validates the prefix
    Objects.requireNonNull(callTimeout, "redis.callTimeout: must not be null");
    if (callTimeout.toMillis() < 1 || callTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("redis.callTimeout: " + callTimeout + " is outside [PT0.001S, PT1M]");
    }
    if (maxBatchSize < 1 || maxBatchSize > 100_000) {
      throw new IllegalArgumentException("redis.maxBatchSize: " + maxBatchSize + " is outside [1, 100000]");
    }
    if (maxPoolSize < 1 || maxPoolSize > 1024) {
      throw new IllegalArgumentException("redis.maxPoolSize: " + maxPoolSize + " is outside [1, 1024]");
    }
    if (maxPoolWaiting < 0 || maxPoolWaiting > 1_000_000) {
      throw new IllegalArgumentException("redis.maxPoolWaiting: " + maxPoolWaiting + " is outside [0, 1000000]");
    }
    Objects.requireNonNull(breaker, "redis.breaker: must not be null");
    Objects.requireNonNull(timeSource,
        "redis.timeSource: must not be null; use TimeSource.REDIS (production) or TimeSource.caller(clock)");
  }

  public static Builder builder(String... endpoints) {
    return new Builder(List.of(endpoints));
  }

  /** Whether the endpoints use TLS ({@code rediss://}). */
  public boolean tls() {
    return endpoints.get(0).regionMatches(true, 0, "rediss://", 0, "rediss://".length());
  }

  /** The Vert.x client options these settings stand for. */
  public RedisOptions toRedisOptions() {
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, callTimeout.toMillis()))
        .setTcpNoDelay(true)
        .setTcpKeepAlive(true);
    if (tls()) {
      // The Vert.x Redis pool only negotiates TLS when both the URL says rediss:// and the
      // NetClientOptions enable SSL; either alone fails or silently stays plain.
      net.setSsl(true).setHostnameVerificationAlgorithm(verifyHostname ? "HTTPS" : "");
      if (caPem != null) {
        net.setTrustOptions(new PemTrustOptions().addCertPath(caPem.toString()));
      }
    }
    RedisOptions options = new RedisOptions()
        .setType(type)
        .setEndpoints(new ArrayList<>(endpoints))
        .setNetClientOptions(net)
        .setMaxPoolSize(maxPoolSize)
        .setMaxPoolWaiting(maxPoolWaiting)
        // a batch takes one waiting-handler slot per command on its connection
        .setMaxWaitingHandlers(Math.max(2048, maxBatchSize * 2));
    if (user != null) {
      options.setUser(user);
    }
    if (password != null) {
      options.setPassword(password);
    }
    return options;
  }

  @Override
  public String toString() {
    return "RedisQuotaStoreOptions[endpoints=" + endpoints.stream().map(RedisQuotaStoreOptions::redact).toList()
        + ", type=" + type + ", user=" + user + ", password=" + (password == null ? "unset" : "***")
        + ", caPem=" + caPem + ", verifyHostname=" + verifyHostname + ", keyPrefix=" + keyPrefix
        + ", callTimeout=" + callTimeout + ", maxBatchSize=" + maxBatchSize + ", maxPoolSize=" + maxPoolSize
        + ", maxPoolWaiting=" + maxPoolWaiting
        + ", breaker=" + breaker + ", timeSource=" + timeSource + "]";
  }

  private static boolean schemeIsTls(String field, String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(field + ": blank; expected redis://host:port or rediss://host:port");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": '" + redact(url) + "' is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException(field + ": '" + redact(url)
          + "' has scheme '" + scheme + "'; expected redis:// or rediss://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(field + ": '" + redact(url) + "' names no host");
    }
    return scheme.equals("rediss");
  }

  /** The URL without its user-info (which may hold a password). */
  static String redact(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    int at = url.indexOf('@');
    return scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "***@" + url.substring(at + 1) : url;
  }

  /** Fluent builder with production defaults. */
  public static final class Builder {
    private final List<String> endpoints;
    private RedisClientType type = RedisClientType.STANDALONE;
    private String user;
    private String password;
    private Path caPem;
    private boolean verifyHostname = true;
    private String keyPrefix = "leasehold";
    private Duration callTimeout = Duration.ofMillis(250);
    private int maxBatchSize = 1000;
    private int maxPoolSize = 6;
    private int maxPoolWaiting = 1024;
    private BreakerSettings breaker = BreakerSettings.DEFAULTS;
    private TimeSource timeSource = TimeSource.REDIS;

    private Builder(List<String> endpoints) {
      this.endpoints = endpoints;
    }

    public Builder cluster() {
      this.type = RedisClientType.CLUSTER;
      return this;
    }

    public Builder type(RedisClientType type) {
      this.type = type;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    public Builder caPem(Path caPem) {
      this.caPem = caPem;
      return this;
    }

    public Builder verifyHostname(boolean verifyHostname) {
      this.verifyHostname = verifyHostname;
      return this;
    }

    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    public Builder maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    public Builder maxPoolSize(int maxPoolSize) {
      this.maxPoolSize = maxPoolSize;
      return this;
    }

    public Builder maxPoolWaiting(int maxPoolWaiting) {
      this.maxPoolWaiting = maxPoolWaiting;
      return this;
    }

    public Builder breaker(BreakerSettings breaker) {
      this.breaker = breaker;
      return this;
    }

    /** Where bucket refills read "now"; keep the default {@link TimeSource#REDIS} in production. */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = timeSource;
      return this;
    }

    public RedisQuotaStoreOptions build() {
      return new RedisQuotaStoreOptions(endpoints, type, user, password, caPem, verifyHostname, keyPrefix,
          callTimeout, maxBatchSize, maxPoolSize, maxPoolWaiting, breaker, timeSource);
    }
  }
}
