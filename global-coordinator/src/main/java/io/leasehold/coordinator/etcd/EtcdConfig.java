package io.leasehold.coordinator.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the coordinator needs to talk to etcd. Build with {@link #builder()}; every setting has
 * a default suited to a single-region etcd cluster with sub-10 ms round trips.
 *
 * @param endpoints          etcd client URLs ({@code http://} or, with {@link #tls()}, {@code https://})
 * @param rulesPrefix        key prefix of the rules: one key per rule id below it
 * @param rulesRevisionKey   key bumped by every config write; its mod revision guards whole-config replacement
 * @param electionName       etcd election name for the coordinator leader
 * @param leaseTtl           TTL of the leader's etcd lease (whole seconds): a dead leader is replaced after at most this
 * @param leaderSafetyMargin how long before its lease could expire at etcd the leader stops acting as leader;
 *                           must exceed one-way latency to etcd plus clock-rate error over one TTL
 * @param requestTimeout     deadline for one etcd request made by the store or the election
 * @param connectTimeout     gRPC connect timeout
 * @param keepaliveTime      gRPC HTTP/2 ping interval that detects dead connections (etcd refuses pings more
 *                           often than its {@code --grpc-keepalive-min-time}, 5 s by default)
 * @param keepaliveTimeout   how long a ping may go unanswered before the connection is considered dead
 * @param retryInitialDelay  first delay before retrying after etcd failed or was unreachable
 * @param retryMaxDelay      cap of the exponential retry delay
 * @param maxTxnOps          most operations in one transaction (etcd {@code --max-txn-ops}, 128 by default)
 * @param tls                TLS settings; {@code null} for plaintext
 * @param auth               user/password; {@code null} when etcd auth is off
 */
public record EtcdConfig(
    List<String> endpoints,
    String rulesPrefix,
    String rulesRevisionKey,
    String electionName,
    Duration leaseTtl,
    Duration leaderSafetyMargin,
    Duration requestTimeout,
    Duration connectTimeout,
    Duration keepaliveTime,
    Duration keepaliveTimeout,
    Duration retryInitialDelay,
    Duration retryMaxDelay,
    int maxTxnOps,
    EtcdTls tls,
    EtcdAuth auth) {

  public EtcdConfig {
    endpoints = List.copyOf(Objects.requireNonNull(endpoints, "etcd.endpoints"));
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("etcd.endpoints: []: at least one endpoint is needed");
    }
    for (int i = 0; i < endpoints.size(); i++) {
      checkEndpoint("etcd.endpoints[" + i + "]", endpoints.get(i), tls != null);
    }
    checkKey("etcd.rules_prefix", rulesPrefix);
    if (!rulesPrefix.endsWith("/")) {
      throw new IllegalArgumentException("etcd.rules_prefix: \"" + rulesPrefix + "\": must end with '/'");
    }
    checkKey("etcd.rules_revision_key", rulesRevisionKey);
    if (rulesRevisionKey.startsWith(rulesPrefix)) {
      throw new IllegalArgumentException("etcd.rules_revision_key: \"" + rulesRevisionKey
          + "\": must not lie under rules_prefix \"" + rulesPrefix + "\" (it would read as a rule)");
    }
    checkKey("etcd.election_name", electionName);
    positive("etcd.lease_ttl", leaseTtl);
    if (leaseTtl.toSeconds() < 2 || leaseTtl.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException("etcd.lease_ttl: " + leaseTtl
          + ": must be whole seconds, at least 2s (etcd's minimum lease TTL)");
    }
    positive("etcd.leader_safety_margin", leaderSafetyMargin);
    if (leaderSafetyMargin.multipliedBy(2).compareTo(leaseTtl) > 0) {
      throw new IllegalArgumentException("etcd.leader_safety_margin: " + leaderSafetyMargin
          + ": must be at most half of lease_ttl (" + leaseTtl + "), or the leader would step down between renewals");
    }
    positive("etcd.request_timeout", requestTimeout);
    positive("etcd.connect_timeout", connectTimeout);
    positive("etcd.keepalive_time", keepaliveTime);
    positive("etcd.keepalive_timeout", keepaliveTimeout);
    positive("etcd.retry_initial_delay", retryInitialDelay);
    positive("etcd.retry_max_delay", retryMaxDelay);
    if (retryMaxDelay.compareTo(retryInitialDelay) < 0) {
      throw new IllegalArgumentException("etcd.retry_max_delay: " + retryMaxDelay
          + ": must not be less than retry_initial_delay (" + retryInitialDelay + ")");
    }
    if (maxTxnOps < 2) {
      throw new IllegalArgumentException("etcd.max_txn_ops: " + maxTxnOps + ": must be at least 2");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public static EtcdConfig defaults() {
    return builder().build();
  }

  /** A builder preset with this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoints = endpoints;
    b.rulesPrefix = rulesPrefix;
    b.rulesRevisionKey = rulesRevisionKey;
    b.electionName = electionName;
    b.leaseTtl = leaseTtl;
    b.leaderSafetyMargin = leaderSafetyMargin;
    b.requestTimeout = requestTimeout;
    b.connectTimeout = connectTimeout;
    b.keepaliveTime = keepaliveTime;
    b.keepaliveTimeout = keepaliveTimeout;
    b.retryInitialDelay = retryInitialDelay;
    b.retryMaxDelay = retryMaxDelay;
    b.maxTxnOps = maxTxnOps;
    b.tls = tls;
    b.auth = auth;
    return b;
  }

  private static void checkEndpoint(String path, String endpoint, boolean tls) {
    URI uri;
    try {
      uri = URI.create(Objects.requireNonNull(endpoint, path));
    } catch (IllegalArgumentException notAUri) {
      uri = null;
    }
    String scheme = uri == null ? null : uri.getScheme();
    if (uri == null || uri.getHost() == null || uri.getPort() < 0 || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException(path + ": \"" + endpoint + "\": expected http://host:port or https://host:port");
    }
    if (tls != "https".equals(scheme)) {
      throw new IllegalArgumentException(path + ": \"" + endpoint + "\": "
          + (tls ? "tls is configured, so use https://" : "https:// needs etcd.tls (at least ca_file)"));
    }
  }

  private static void checkKey(String path, String key) {
    Objects.requireNonNull(key, path);
    if (key.isEmpty() || !key.startsWith("/")) {
      throw new IllegalArgumentException(path + ": \"" + key + "\": must be a non-empty key starting with '/'");
    }
  }

  private static void positive(String path, Duration d) {
    Objects.requireNonNull(d, path);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(path + ": " + d + ": must be positive");
    }
  }

  /** Mutable builder with the documented defaults. */
  public static final class Builder {
    private List<String> endpoints = List.of("http://127.0.0.1:2379");
    private String rulesPrefix = "/leasehold/rules/";
    private String rulesRevisionKey = "/leasehold/rules-rev";
    private String electionName = "/leasehold/coordinator-leader";
    private Duration leaseTtl = Duration.ofSeconds(5);
    private Duration leaderSafetyMargin = Duration.ofSeconds(1);
    private Duration requestTimeout = Duration.ofSeconds(3);
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration keepaliveTime = Duration.ofSeconds(10);
    private Duration keepaliveTimeout = Duration.ofSeconds(5);
    private Duration retryInitialDelay = Duration.ofMillis(100);
    private Duration retryMaxDelay = Duration.ofSeconds(3);
    private int maxTxnOps = 128;
    private EtcdTls tls;
    private EtcdAuth auth;

    private Builder() {}

    public Builder endpoints(List<String> v) { endpoints = v; return this; }
    public Builder endpoints(String... v) { endpoints = List.of(v); return this; }
    public Builder rulesPrefix(String v) { rulesPrefix = v; return this; }
    public Builder rulesRevisionKey(String v) { rulesRevisionKey = v; return this; }
    public Builder electionName(String v) { electionName = v; return this; }
    public Builder leaseTtl(Duration v) { leaseTtl = v; return this; }
    public Builder leaderSafetyMargin(Duration v) { leaderSafetyMargin = v; return this; }
    public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder keepaliveTime(Duration v) { keepaliveTime = v; return this; }
    public Builder keepaliveTimeout(Duration v) { keepaliveTimeout = v; return this; }
    public Builder retryInitialDelay(Duration v) { retryInitialDelay = v; return this; }
    public Builder retryMaxDelay(Duration v) { retryMaxDelay = v; return this; }
    public Builder maxTxnOps(int v) { maxTxnOps = v; return this; }
    public Builder tls(EtcdTls v) { tls = v; return this; }
    public Builder auth(EtcdAuth v) { auth = v; return this; }

    public EtcdConfig build() {
      return new EtcdConfig(endpoints, rulesPrefix, rulesRevisionKey, electionName, leaseTtl, leaderSafetyMargin,
          requestTimeout, connectTimeout, keepaliveTime, keepaliveTimeout, retryInitialDelay, retryMaxDelay,
          maxTxnOps, tls, auth);
    }
  }
}
