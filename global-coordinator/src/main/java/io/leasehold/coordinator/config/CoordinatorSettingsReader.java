package io.leasehold.coordinator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leasehold.coordinator.CoordinatorSettings;
import io.leasehold.coordinator.CoordinatorSettings.StandbyMode;
import io.leasehold.coordinator.core.PoolSettings;
import io.leasehold.coordinator.etcd.EtcdAuth;
import io.leasehold.coordinator.etcd.EtcdConfig;
import io.leasehold.coordinator.etcd.EtcdTls;
import io.leasehold.model.alloc.DemandSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code coordinator.yaml} (every key optional) and the environment into
 * {@link CoordinatorSettings}. Every problem is collected with its path, value and reason; unknown
 * keys are problems too, so a typo never silently falls back to a default.
 *
 * <pre>
 * id: coord-a                     # default: host name
 * listen: { host: 0.0.0.0, port: 9090 }
 * advertised_url: http://coord-a.internal:9090
 * standby_mode: redirect          # or forward
 * regions: [us-east, eu-west]     # every region that may sync (ends the failover reservation early)
 * grant_ttl: 10s
 * sync_interval: 1s
 * hot_key_idle: 30s
 * region_liveness: 5s
 * request_deadline: 2s
 * max_hot_keys: 10000
 * max_body_bytes: 16777216
 * tls: { cert_file: /etc/leasehold/coord.pem, key_file: /etc/leasehold/coord-key.pem }
 * etcd: { endpoints: [...], lease_ttl: 5s, tls: {...}, auth: {...}, ... }   # see docs/etcd.md
 * </pre>
 *
 * Environment: {@code LEASEHOLD_ETCD_ENDPOINTS} (comma-separated, overrides {@code etcd.endpoints}),
 * {@code LEASEHOLD_ADMIN_TOKEN}, {@code LEASEHOLD_SYNC_TOKEN}, {@code LEASEHOLD_ETCD_PASSWORD}
 * (overrides {@code etcd.auth.password}).
 */
public final class CoordinatorSettingsReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
  private static final Set<String> TOP = Set.of("id", "listen", "advertised_url", "standby_mode", "regions",
      "grant_ttl", "sync_interval", "hot_key_idle", "region_liveness", "request_deadline", "max_hot_keys",
      "max_body_bytes", "tls", "etcd");
  private static final Set<String> ETCD = Set.of("endpoints", "rules_prefix", "rules_revision_key", "election_name",
      "lease_ttl", "leader_safety_margin", "request_timeout", "connect_timeout", "keepalive_time",
      "keepalive_timeout", "retry_initial_delay", "retry_max_delay", "max_txn_ops", "tls", "auth");

  /** The settings, or every problem found. */
  public record Result(CoordinatorSettings settings, List<String> problems) {
    public boolean isValid() {
      return settings != null;
    }
  }

  private final List<String> problems = new ArrayList<>();

  private CoordinatorSettingsReader() {}

  /** Reads {@code file} ({@code null}: defaults only) with {@code env} (usually {@link System#getenv()}). */
  public static Result read(Path file, Map<String, String> env) {
    JsonNode root;
    try {
      root = file == null ? YAML.createObjectNode() : YAML.readTree(file.toFile());
    } catch (IOException e) {
      return new Result(null, List.of(file + ": cannot be read: " + firstLine(e.getMessage())));
    }
    return fromTree(root == null || root.isMissingNode() ? YAML.createObjectNode() : root, env);
  }

  public static Result read(String yaml, Map<String, String> env) {
    try {
      JsonNode root = YAML.readTree(yaml);
      return fromTree(root == null || root.isMissingNode() ? YAML.createObjectNode() : root, env);
    } catch (IOException e) {
      return new Result(null, List.of("config: malformed YAML: " + firstLine(e.getMessage())));
    }
  }

  private static Result fromTree(JsonNode root, Map<String, String> env) {
    CoordinatorSettingsReader r = new CoordinatorSettingsReader();
    CoordinatorSettings settings = r.settings(root, env);
    return r.problems.isEmpty() && settings != null ? new Result(settings, List.of()) : new Result(null, r.problems);
  }

  private CoordinatorSettings settings(JsonNode root, Map<String, String> env) {
    if (!root.isObject()) {
      problems.add("config: " + root + ": must be a mapping of settings");
      return null;
    }
    unknown(root, "", TOP);
    PoolSettings defaults = PoolSettings.defaults("x");
    String id = text(root, "id", defaultId());
    JsonNode listen = root.path("listen");
    unknown(listen, "listen.", Set.of("host", "port"));
    String host = text(listen, "listen.host", listen.path("host"), "0.0.0.0");
    int port = integer(listen.path("port"), "listen.port", CoordinatorSettings.DEFAULT_PORT);
    String advertised = text(root, "advertised_url", "http://" + id + ":" + port);
    String modeText = text(root, "standby_mode", "redirect");
    StandbyMode mode = switch (modeText) {
      case "redirect" -> StandbyMode.REDIRECT;
      case "forward" -> StandbyMode.FORWARD;
      default -> {
        problems.add("standby_mode: " + modeText + ": must be redirect or forward");
        yield StandbyMode.REDIRECT;
      }
    };
    Set<String> regions = new TreeSet<>();
    JsonNode regionsNode = root.path("regions");
    if (!regionsNode.isMissingNode()) {
      if (!regionsNode.isArray()) {
        problems.add("regions: " + regionsNode + ": must be a list of region names");
      } else {
        regionsNode.forEach(n -> regions.add(n.asText()));
      }
    }
    JsonNode tls = root.path("tls");
    unknown(tls, "tls.", Set.of("cert_file", "key_file"));
    Path cert = path(tls.path("cert_file"));
    Path key = path(tls.path("key_file"));
    EtcdConfig etcd = etcd(root.path("etcd"), env);

    Duration grantTtl = duration(root.path("grant_ttl"), "grant_ttl", defaults.grantTtl());
    Duration syncInterval = duration(root.path("sync_interval"), "sync_interval", defaults.syncInterval());
    Duration hotKeyIdle = duration(root.path("hot_key_idle"), "hot_key_idle", defaults.hotKeyIdle());
    Duration liveness = duration(root.path("region_liveness"), "region_liveness", defaults.regionLiveness());
    Duration deadline = duration(root.path("request_deadline"), "request_deadline", defaults.requestDeadline());
    int maxHotKeys = integer(root.path("max_hot_keys"), "max_hot_keys", defaults.maxHotKeys());
    int maxBody = integer(root.path("max_body_bytes"), "max_body_bytes", 16 * 1024 * 1024);
    String adminToken = env.get("LEASEHOLD_ADMIN_TOKEN");
    String syncToken = env.get("LEASEHOLD_SYNC_TOKEN");
    for (String name : new String[] {"LEASEHOLD_ADMIN_TOKEN", "LEASEHOLD_SYNC_TOKEN"}) {
      String token = env.get(name);
      if (token == null || token.length() < 16) {
        problems.add(name + ": (environment): must be set to a secret of at least 16 characters");
      }
    }
    if (adminToken != null && adminToken.equals(syncToken)) {
      problems.add("LEASEHOLD_SYNC_TOKEN: (environment): must differ from LEASEHOLD_ADMIN_TOKEN");
    }
    if (!problems.isEmpty()) {
      return null;
    }
    PoolSettings pool = build(() -> new PoolSettings(id, grantTtl, syncInterval, hotKeyIdle, liveness, deadline,
        regions, maxHotKeys, DemandSettings.REGION));
    if (pool == null) {
      return null;
    }
    return build(() -> new CoordinatorSettings(pool, host, port, advertised, mode, cert, key, adminToken, syncToken,
        maxBody, etcd));
  }

  private EtcdConfig etcd(JsonNode node, Map<String, String> env) {
    unknown(node, "etcd.", ETCD);
    EtcdConfig.Builder b = EtcdConfig.builder();
    EtcdConfig d = EtcdConfig.defaults();
    String envEndpoints = env.get("LEASEHOLD_ETCD_ENDPOINTS");
    if (envEndpoints != null && !envEndpoints.isBlank()) {
      b.endpoints(Arrays.stream(envEndpoints.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    } else if (node.path("endpoints").isArray()) {
      List<String> endpoints = new ArrayList<>();
      node.path("endpoints").forEach(n -> endpoints.add(n.asText()));
      b.endpoints(endpoints);
    } else if (!node.path("endpoints").isMissingNode()) {
      problems.add("etcd.endpoints: " + node.path("endpoints") + ": must be a list of URLs");
    }
    b.rulesPrefix(text(node, "rules_prefix", "etcd.rules_prefix", d.rulesPrefix()));
    b.rulesRevisionKey(text(node, "rules_revision_key", "etcd.rules_revision_key", d.rulesRevisionKey()));
    b.electionName(text(node, "election_name", "etcd.election_name", d.electionName()));
    b.leaseTtl(duration(node.path("lease_ttl"), "etcd.lease_ttl", d.leaseTtl()));
    b.leaderSafetyMargin(duration(node.path("leader_safety_margin"), "etcd.leader_safety_margin", d.leaderSafetyMargin()));
    b.requestTimeout(duration(node.path("request_timeout"), "etcd.request_timeout", d.requestTimeout()));
    b.connectTimeout(duration(node.path("connect_timeout"), "etcd.connect_timeout", d.connectTimeout()));
    b.keepaliveTime(duration(node.path("keepalive_time"), "etcd.keepalive_time", d.keepaliveTime()));
    b.keepaliveTimeout(duration(node.path("keepalive_timeout"), "etcd.keepalive_timeout", d.keepaliveTimeout()));
    b.retryInitialDelay(duration(node.path("retry_initial_delay"), "etcd.retry_initial_delay", d.retryInitialDelay()));
    b.retryMaxDelay(duration(node.path("retry_max_delay"), "etcd.retry_max_delay", d.retryMaxDelay()));
    b.maxTxnOps(integer(node.path("max_txn_ops"), "etcd.max_txn_ops", d.maxTxnOps()));
    JsonNode tls = node.path("tls");
    unknown(tls, "etcd.tls.", Set.of("ca_file", "cert_file", "key_file", "authority"));
    if (tls.isObject()) {
      build(() -> b.tls(new EtcdTls(path(tls.path("ca_file")), path(tls.path("cert_file")), path(tls.path("key_file")),
          tls.path("authority").isMissingNode() ? null : tls.path("authority").asText())));
    }
    JsonNode auth = node.path("auth");
    unknown(auth, "etcd.auth.", Set.of("user", "password"));
    if (auth.isObject()) {
      String password = env.getOrDefault("LEASEHOLD_ETCD_PASSWORD", auth.path("password").asText(null));
      build(() -> b.auth(new EtcdAuth(auth.path("user").asText(null), password)));
    }
    return build(b::build);
  }

  private <T> T build(java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private void unknown(JsonNode node, String prefix, Set<String> known) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      problems.add((prefix.isEmpty() ? "config" : prefix.substring(0, prefix.length() - 1)) + ": " + node
          + ": must be a mapping");
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        problems.add(prefix + name + ": unknown setting; expected one of " + new TreeSet<>(known));
      }
    }
  }

  private String text(JsonNode parent, String field, String fallback) {
    return text(parent, field, parent.path(field), fallback);
  }

  private String text(JsonNode parent, String field, String path, String fallback) {
    return text(parent, path, parent.path(field), fallback);
  }

  private String text(JsonNode parent, String path, JsonNode node, String fallback) {
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isValueNode()) {
      problems.add(path + ": " + node + ": must be a string");
      return fallback;
    }
    return node.asText();
  }

  private int integer(JsonNode node, String path, int fallback) {
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      problems.add(path + ": " + node + ": must be an integer");
      return fallback;
    }
    return node.asInt();
  }

  private Duration duration(JsonNode node, String path, Duration fallback) {
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    Matcher m = DURATION.matcher(node.asText());
    if (!m.matches()) {
      problems.add(path + ": " + node + ": must be a duration like 500ms, 3s, 1m or 1h");
      return fallback;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static Path path(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : Path.of(node.asText());
  }

  private static String defaultId() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "coordinator" : host;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
