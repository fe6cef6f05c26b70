package io.leasehold.aggregator.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leasehold.aggregator.AggregatorConfig;
import io.leasehold.aggregator.AggregatorConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code aggregator.yaml} and applies environment overrides ({@code LEASEHOLD_REGION},
 * {@code LEASEHOLD_REGIONS}, {@code LEASEHOLD_REDIS_URL}, {@code LEASEHOLD_REDIS_AUTH_TOKEN}, {@code LEASEHOLD_COORDINATOR_URL},
 * {@code LEASEHOLD_SYNC_TOKEN}, {@code LEASEHOLD_PORT}, {@code LEASEHOLD_EMERGENCY_REPLICAS}). Every problem is collected and reported
 * with its path, value and reason; unknown fields are rejected so that typos do not pass silently.
 */
public final class ConfigReader {
  public static final String ENV_REGION = "LEASEHOLD_REGION";
  public static final String ENV_REGIONS = "LEASEHOLD_REGIONS";
  public static final String ENV_REDIS_URL = "LEASEHOLD_REDIS_URL";
  public static final String ENV_REDIS_AUTH_TOKEN = "LEASEHOLD_REDIS_AUTH_TOKEN";
  public static final String ENV_COORDINATOR_URL = "LEASEHOLD_COORDINATOR_URL";
  public static final String ENV_SYNC_TOKEN = "LEASEHOLD_SYNC_TOKEN";
  public static final String ENV_PORT = "LEASEHOLD_PORT";
  /** The region's replica count for the emergency share ({@code emergency.replicas}); wins over the file. */
  public static final String ENV_EMERGENCY_REPLICAS = "LEASEHOLD_EMERGENCY_REPLICAS";

  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<String> problems = new ArrayList<>();

  private ConfigReader() {}

  /**
   * Parses {@code yaml} (may be empty) with {@code env} overrides; {@code regionOverride} (the
   * {@code --region} option) wins over both.
   *
   * @throws AggregatorConfigException listing every problem
   */
  public static AggregatorConfig read(String yaml, Map<String, String> env, Optional<String> regionOverride) {
    return new ConfigReader().parse(yaml, env, regionOverride);
  }

  private AggregatorConfig parse(String yaml, Map<String, String> env, Optional<String> regionOverride) {
    JsonNode parsed;
    try {
      parsed = yaml == null || yaml.isBlank() ? YAML.createObjectNode() : YAML.readTree(yaml);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": ";
      throw new AggregatorConfigException(List.of("$: (document): " + where + "malformed YAML: " + e.getOriginalMessage()));
    }
    JsonNode root = parsed == null || parsed.isMissingNode() || parsed.isNull() ? YAML.createObjectNode() : parsed;
    if (!root.isObject()) {
      throw new AggregatorConfigException(List.of("$: " + shown(root) + ": must be a mapping"));
    }
    allowOnly(root, "$", Set.of("region", "aggregator_id", "regions", "server", "auth", "redis", "coordinator",
        "rules_file", "lease", "emergency", "max_in_flight_store_calls", "shutdown_grace_ms"));
    JsonNode server = section(root, "server", Set.of("host", "port", "max_body_bytes", "tls"));
    JsonNode tls = section(server, "server.tls", "tls", Set.of("cert", "key"));
    JsonNode auth = section(root, "auth", Set.of("token", "allow_unauthenticated"));
    JsonNode redis = section(root, "redis", Set.of("url", "auth_token", "ca_pem", "cluster", "key_prefix", "timeout_ms"));
    JsonNode coordinator = section(root, "coordinator", Set.of("url", "interval_ms", "timeout_ms", "ca_pem"));
    JsonNode lease = section(root, "lease", Set.of("ttl_ms", "prefetch_ms", "edge_sync_ms"));
    JsonNode emergency = section(root, "emergency", Set.of("permille", "replicas"));

    String region = regionOverride.or(() -> env(env, ENV_REGION)).orElseGet(() -> text(root, "region", "region", null));
    if (region == null) {
      problems.add("region: (missing): required (set it in the file, with --region or " + ENV_REGION + ")");
    } else if (!ID.matcher(region).matches()) {
      problems.add("region: " + quoted(region) + ": must be 1-128 printable ASCII characters without spaces");
    }
    String aggregatorId = text(root, "aggregator_id", "aggregator_id", defaultAggregatorId());
    if (!ID.matcher(aggregatorId).matches()) {
      problems.add("aggregator_id: " + quoted(aggregatorId) + ": must be 1-128 printable ASCII characters without spaces");
    }
    String regionsPath = env(env, ENV_REGIONS).isPresent() ? ENV_REGIONS : "regions";
    List<String> regions = env(env, ENV_REGIONS).map(this::regionsFromEnv).orElseGet(() -> stringList(root, "regions"));
    if (regions == null) {
      problems.add("regions: (missing): required (or " + ENV_REGIONS + ", comma-separated): every region of the "
          + "deployment, the same list in every region and at the coordinator ('equal' per-key shares are "
          + "limit / its size)");
      regions = List.of();
    } else if (region != null && !regions.isEmpty() && !regions.contains(region)) {
      problems.add(regionsPath + ": " + regions + ": must contain this region '" + region + "'");
    }
    String host = text(server, "host", "server.host", "0.0.0.0");
    int port = env(env, ENV_PORT).map(p -> parsePort(ENV_PORT, p)).orElseGet(() -> (int) number(server, "port",
        "server.port", 8080, 0, 65535));
    Optional<AggregatorConfig.Tls> serverTls = Optional.empty();
    if (!tls.isMissingNode()) {
      String cert = text(tls, "cert", "server.tls.cert", null);
      String key = text(tls, "key", "server.tls.key", null);
      if (cert == null || key == null) {
        problems.add("server.tls: " + shown(tls) + ": needs both cert and key (PEM files)");
      } else {
        serverTls = Optional.of(new AggregatorConfig.Tls(Path.of(cert), Path.of(key)));
      }
    }
    int maxBody = (int) number(server, "max_body_bytes", "server.max_body_bytes", 8 << 20, 1024, 64 << 20);
    Optional<String> token = env(env, ENV_SYNC_TOKEN).or(() -> Optional.ofNullable(text(auth, "token", "auth.token", null)));
    boolean unauthenticated = bool(auth, "allow_unauthenticated", "auth.allow_unauthenticated", false);
    if (token.isEmpty() && !unauthenticated) {
      problems.add("auth.token: (missing): required (or " + ENV_SYNC_TOKEN
          + "); set auth.allow_unauthenticated: true to run without one (development only)");
    }
    if (token.isPresent() && token.get().length() < 16) {
      problems.add("auth.token: (redacted): must be at least 16 characters");
    }
    String redisUrl = env(env, ENV_REDIS_URL).orElseGet(() -> text(redis, "url", "redis.url", null));
    if (redisUrl == null) {
      problems.add("redis.url: (missing): required (or " + ENV_REDIS_URL + "; '" + AggregatorConfig.MEMORY_STORE
          + "' for an in-process store)");
      redisUrl = AggregatorConfig.MEMORY_STORE;
    } else if (!redisUrl.equals(AggregatorConfig.MEMORY_STORE) && !redisUrl.startsWith("redis://")
        && !redisUrl.startsWith("rediss://")) {
      problems.add("redis.url: " + quoted(redisUrl.replaceAll("//[^@/]*@", "//***@"))
          + ": must start with redis:// or rediss://, or be " + AggregatorConfig.MEMORY_STORE);
    }
    Optional<String> redisAuth = env(env, ENV_REDIS_AUTH_TOKEN)
        .or(() -> Optional.ofNullable(text(redis, "auth_token", "redis.auth_token", null)));
    Optional<Path> redisCa = Optional.ofNullable(text(redis, "ca_pem", "redis.ca_pem", null)).map(Path::of);
    boolean cluster = bool(redis, "cluster", "redis.cluster", false);
    String prefix = text(redis, "key_prefix", "redis.key_prefix", "leasehold");
    Duration redisTimeout = millis(redis, "timeout_ms", "redis.timeout_ms", 250, 10, 60_000);
    Optional<URI> coordinatorUrl = env(env, ENV_COORDINATOR_URL)
        .or(() -> Optional.ofNullable(text(coordinator, "url", "coordinator.url", null)))
        .flatMap(u -> httpUri("coordinator.url", u));
    Duration interval = millis(coordinator, "interval_ms", "coordinator.interval_ms", 1000, 50, 60_000);
    Duration timeout = millis(coordinator, "timeout_ms", "coordinator.timeout_ms", 800, 10, 60_000);
    Optional<Path> coordinatorCa = Optional.ofNullable(text(coordinator, "ca_pem", "coordinator.ca_pem", null)).map(Path::of);
    Optional<Path> rulesFile = Optional.ofNullable(text(root, "rules_file", "rules_file", null)).map(Path::of);
    Duration leaseTtl = millis(lease, "ttl_ms", "lease.ttl_ms", 2000, 50, 600_000);
    Duration prefetch = millis(lease, "prefetch_ms", "lease.prefetch_ms", 400, 10, 600_000);
    Duration edgeSync = millis(lease, "edge_sync_ms", "lease.edge_sync_ms", 200, 10, 600_000);
    if (leaseTtl.compareTo(edgeSync) <= 0) {
      problems.add("lease.ttl_ms: " + leaseTtl.toMillis() + ": must exceed lease.edge_sync_ms (" + edgeSync.toMillis()
          + ") or edges lose their tokens before they can renew them");
    }
    int permille = 1000;
    Optional<String> replicasEnv = env(env, ENV_EMERGENCY_REPLICAS);
    if (replicasEnv.isPresent()) {
      permille = 1000 / parseReplicas(replicasEnv.get());
    } else if (emergency.has("permille") && emergency.has("replicas")) {
      problems.add("emergency: " + shown(emergency) + ": give either permille or replicas, not both");
    } else if (emergency.has("replicas")) {
      permille = (int) (1000 / number(emergency, "replicas", "emergency.replicas", 1, 1, 1000));
    } else {
      permille = (int) number(emergency, "permille", "emergency.permille", 1000, 0, 1000);
    }
    int inFlight = (int) number(root, "max_in_flight_store_calls", "max_in_flight_store_calls", 4, 1, 64);
    Duration grace = millis(root, "shutdown_grace_ms", "shutdown_grace_ms", 5000, 0, 600_000);
    if (!problems.isEmpty()) {
      throw new AggregatorConfigException(problems);
    }
    return new AggregatorConfig(region, aggregatorId, regions, host, port, serverTls, maxBody, token, unauthenticated,
        redisUrl, redisAuth, redisCa, cluster, prefix, redisTimeout, coordinatorUrl, interval, timeout, coordinatorCa,
        rulesFile, leaseTtl, prefetch, edgeSync, permille, inFlight, grace);
  }

  private static String defaultAggregatorId() {
    String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> ID.matcher(h).matches()).orElse("aggregator");
    return host + "-" + ProcessHandle.current().pid();
  }

  private static Optional<String> env(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private int parseReplicas(String value) {
    try {
      int replicas = Integer.parseInt(value.trim());
      if (replicas >= 1 && replicas <= 1000) {
        return replicas;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problems.add(ENV_EMERGENCY_REPLICAS + ": " + quoted(value) + ": must be the region's most aggregator replicas, "
        + "an integer in [1, 1000]");
    return 1;
  }

  private int parsePort(String where, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problems.add(where + ": " + quoted(value) + ": must be a port number in [0, 65535]");
    return 0;
  }

  private Optional<URI> httpUri(String path, String value) {
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException ignored) {
      // reported below
    }
    problems.add(path + ": " + quoted(value) + ": must be an http:// or https:// URL with a host");
    return Optional.empty();
  }

  private JsonNode section(JsonNode parent, String name, Set<String> fields) {
    return section(parent, name, name, fields);
  }

  private JsonNode section(JsonNode parent, String path, String name, Set<String> fields) {
    JsonNode node = parent.path(name);
    if (node.isMissingNode() || node.isNull()) {
      return MissingNode.getInstance();
    }
    if (!node.isObject()) {
      problems.add(path + ": " + shown(node) + ": must be a mapping");
      return MissingNode.getInstance();
    }
    allowOnly(node, path, fields);
    return node;
  }

  private void allowOnly(JsonNode node, String path, Set<String> fields) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!fields.contains(field)) {
        problems.add((path.equals("$") ? "" : path + ".") + field + ": " + shown(node.get(field))
            + ": unknown field; expected one of " + new java.util.TreeSet<>(fields));
      }
    }
  }

  private String text(JsonNode parent, String field, String path, String fallback) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      problems.add(path + ": " + shown(node) + ": must be a non-empty string");
      return fallback;
    }
    return node.asText();
  }

  private long number(JsonNode parent, String field, String path, long fallback, long min, long max) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
      problems.add(path + ": " + shown(node) + ": must be an integer in [" + min + ", " + max + "]");
      return fallback;
    }
    return node.asLong();
  }

  private Duration millis(JsonNode parent, String field, String path, long fallback, long min, long max) {
    return Duration.ofMillis(number(parent, field, path, fallback, min, max));
  }

  private boolean bool(JsonNode parent, String field, String path, boolean fallback) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      problems.add(path + ": " + shown(node) + ": must be true or false");
      return fallback;
    }
    return node.asBoolean();
  }

  private List<String> regionsFromEnv(String value) {
    List<String> out = new ArrayList<>();
    String[] items = value.split(",", -1);
    for (int i = 0; i < items.length; i++) {
      String item = items[i].trim();
      if (!ID.matcher(item).matches()) {
        problems.add(ENV_REGIONS + "[" + i + "]: " + quoted(item) + ": must be a region name (printable ASCII, no spaces)");
      } else if (out.contains(item)) {
        problems.add(ENV_REGIONS + "[" + i + "]: " + quoted(item) + ": duplicate region");
      } else {
        out.add(item);
      }
    }
    return out;
  }

  /** The list under {@code field}, or {@code null} when it is absent. */
  private List<String> stringList(JsonNode parent, String field) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      problems.add(field + ": " + shown(node) + ": must be a list of region names");
      return List.of();
    }
    if (node.isEmpty()) {
      problems.add(field + ": []: must list every region of the deployment, this one included");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual() || !ID.matcher(item.asText()).matches()) {
        problems.add(field + "[" + i + "]: " + shown(item) + ": must be a region name (printable ASCII, no spaces)");
      } else if (out.contains(item.asText())) {
        problems.add(field + "[" + i + "]: " + shown(item) + ": duplicate region");
      } else {
        out.add(item.asText());
      }
    }
    return out;
  }

  private static String quoted(String value) {
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return "\"" + shown + "\"";
  }

  private static String shown(JsonNode node) {
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
