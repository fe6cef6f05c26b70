package io.leasehold.edge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leasehold.edge.EdgeConfig;
import io.leasehold.edge.EdgeConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code edge.yaml}: every field is checked, unknown fields are rejected, and every problem
 * is reported as {@code path: value: reason}; environment variables override the file.
 */
public final class EdgeConfigReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private final List<String> problems = new ArrayList<>();

  private EdgeConfigReader() {}

  public static EdgeConfig load(Path path, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new EdgeConfigException(List.of("config: " + path + ": cannot be read (" + e.getMessage() + ")"));
    }
    EdgeConfig config = parse(text, env);
    Path dir = path.toAbsolutePath().getParent();
    if (config.rulesFile().isPresent() && !config.rulesFile().get().isAbsolute() && dir != null) {
      return withRulesFile(config, dir.resolve(config.rulesFile().get()));
    }
    return config;
  }

  public static EdgeConfig parse(String yaml, Map<String, String> env) {
    JsonNode root;
    try {
      root = yaml.isBlank() ? YAML.createObjectNode() : YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": ";
      throw new EdgeConfigException(List.of("config: " + where + "malformed YAML: " + e.getOriginalMessage()));
    }
    if (root == null || root.isNull() || root instanceof MissingNode) {
      root = YAML.createObjectNode();
    }
    EdgeConfigReader reader = new EdgeConfigReader();
    EdgeConfig config = reader.read(root, env);
    if (!reader.problems.isEmpty()) {
      throw new EdgeConfigException(reader.problems);
    }
    return config;
  }

  private EdgeConfig read(JsonNode root, Map<String, String> env) {
    if (!root.isObject()) {
      problems.add("config: " + shown(root) + ": must be a mapping of settings");
      return null;
    }
    allowOnly(root, "", Set.of("listen", "admin_port", "upstream", "edge_id", "region", "standalone", "rules_file",
        "aggregator", "headers", "limits", "trust_forwarded_for", "max_check_body_bytes", "shutdown_timeout",
        "instances"));
    JsonNode listen = object(root, "listen");
    allowOnly(listen, "listen.", Set.of("host", "port"));
    String host = string(listen, "listen.host", "0.0.0.0");
    int port = (int) integer(listen, "listen.port", 8080, 0, 65535);
    String envPort = env.get("LEASEHOLD_LISTEN_PORT");
    if (envPort != null) {
      port = (int) parseInteger("LEASEHOLD_LISTEN_PORT", envPort, 0, 65535, port);
    }
    int adminPort = (int) integer(root, "admin_port", 0, 0, 65535);

    JsonNode upstreamNode = object(root, "upstream");
    allowOnly(upstreamNode, "upstream.", Set.of("url", "timeout", "connect_timeout", "pool_size"));
    String upstreamText = env.getOrDefault("LEASEHOLD_UPSTREAM", string(upstreamNode, "upstream.url", null));
    Optional<URI> upstream = upstreamText == null || upstreamText.isBlank()
        ? Optional.empty()
        : Optional.ofNullable(httpUri(env.containsKey("LEASEHOLD_UPSTREAM") ? "LEASEHOLD_UPSTREAM" : "upstream.url",
            upstreamText));
    Duration upstreamTimeout = duration(upstreamNode, "upstream.timeout", Duration.ofSeconds(30));
    Duration connectTimeout = duration(upstreamNode, "upstream.connect_timeout", Duration.ofSeconds(2));
    int poolSize = (int) integer(upstreamNode, "upstream.pool_size", 256, 1, 100_000);

    String edgeId = string(root, "edge_id", null);
    if (edgeId == null) {
      edgeId = defaultEdgeId();
    } else if (edgeId.isEmpty() || edgeId.length() > 128 || !edgeId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      problems.add("edge_id: " + quoted(edgeId) + ": must be 1-128 printable ASCII characters without spaces");
    }
    Optional<String> region = Optional.ofNullable(string(root, "region", null));
    boolean standalone = bool(root, "standalone", false);
    String envStandalone = env.get("LEASEHOLD_STANDALONE");
    if (envStandalone != null) {
      if (envStandalone.equals("true") || envStandalone.equals("false")) {
        standalone = Boolean.parseBoolean(envStandalone);
      } else {
        problems.add("LEASEHOLD_STANDALONE: " + quoted(envStandalone) + ": must be true or false");
      }
    }
    Optional<Path> rulesFile = Optional.ofNullable(string(root, "rules_file", null)).map(Path::of);

    JsonNode agg = object(root, "aggregator");
    allowOnly(agg, "aggregator.", Set.of("urls", "token", "sync_interval", "jitter", "timeout", "backoff_initial",
        "backoff_max", "breaker_failures", "breaker_cooldown"));
    List<URI> urls = new ArrayList<>();
    String envUrls = env.get("LEASEHOLD_AGGREGATOR_URL");
    if (envUrls != null) {
      for (String part : envUrls.split(",")) {
        if (!part.isBlank()) {
          Optional.ofNullable(httpUri("LEASEHOLD_AGGREGATOR_URL", part.trim())).ifPresent(urls::add);
        }
      }
    } else {
      JsonNode list = agg.path("urls");
      if (!list.isMissingNode() && !list.isNull()) {
        if (list.isTextual()) {
          Optional.ofNullable(httpUri("aggregator.urls", list.asText())).ifPresent(urls::add);
        } else if (!list.isArray()) {
          problems.add("aggregator.urls: " + shown(list) + ": must be a list of URLs");
        } else {
          for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isTextual()) {
              problems.add("aggregator.urls[" + i + "]: " + shown(item) + ": must be a URL string");
            } else {
              Optional.ofNullable(httpUri("aggregator.urls[" + i + "]", item.asText())).ifPresent(urls::add);
            }
          }
        }
      }
    }
    Optional<String> token = Optional.ofNullable(env.getOrDefault("LEASEHOLD_SYNC_TOKEN", string(agg, "aggregator.token", null)))
        .filter(t -> !t.isEmpty());
    Duration syncInterval = duration(agg, "aggregator.sync_interval", Duration.ofMillis(200));
    if (syncInterval.compareTo(Duration.ofMillis(10)) < 0 || syncInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      problems.add("aggregator.sync_interval: " + syncInterval.toMillis() + "ms: must be between 10ms and 1m");
    }
    double jitter = decimal(agg, "aggregator.jitter", 0.1, 0, 0.5);
    Duration timeout = duration(agg, "aggregator.timeout", Duration.ofSeconds(1));
    Duration backoffInitial = duration(agg, "aggregator.backoff_initial", Duration.ofMillis(100));
    Duration backoffMax = duration(agg, "aggregator.backoff_max", Duration.ofSeconds(5));
    if (backoffMax.compareTo(backoffInitial) < 0) {
      problems.add("aggregator.backoff_max: " + backoffMax.toMillis() + "ms: must be at least backoff_initial ("
          + backoffInitial.toMillis() + "ms)");
    }
    int breakerFailures = (int) integer(agg, "aggregator.breaker_failures", 3, 1, 1000);
    Duration breakerCooldown = duration(agg, "aggregator.breaker_cooldown", Duration.ofSeconds(5));

    JsonNode headers = object(root, "headers");
    allowOnly(headers, "headers.", Set.of("on_allowed", "x_ratelimit", "x_ratelimit_reset"));
    boolean onAllowed = bool(headers, "headers.on_allowed", true);
    boolean xRateLimit = bool(headers, "headers.x_ratelimit", true);
    String resetText = string(headers, "headers.x_ratelimit_reset", "delta");
    EdgeConfig.ResetStyle reset = EdgeConfig.ResetStyle.DELTA;
    if ("epoch".equals(resetText)) {
      reset = EdgeConfig.ResetStyle.EPOCH;
    } else if (!"delta".equals(resetText)) {
      problems.add("headers.x_ratelimit_reset: " + quoted(resetText) + ": must be delta or epoch");
    }

    JsonNode limits = object(root, "limits");
    allowOnly(limits, "limits.", Set.of("max_keys", "idle_expiry", "lease_safety_margin"));
    long maxKeys = integer(limits, "limits.max_keys", 1_000_000, 1, 1_000_000_000);
    Duration idleExpiry = duration(limits, "limits.idle_expiry", Duration.ofMinutes(5));
    Duration margin = duration(limits, "limits.lease_safety_margin", Duration.ofMillis(100));
    boolean trustForwardedFor = bool(root, "trust_forwarded_for", false);
    long maxCheckBody = integer(root, "max_check_body_bytes", 65_536, 256, 16 * 1024 * 1024);
    Duration shutdownTimeout = duration(root, "shutdown_timeout", Duration.ofSeconds(10));
    int instances = (int) integer(root, "instances", 0, 0, 1024);

    if (!standalone && urls.isEmpty()) {
      problems.add("aggregator.urls: (missing): required unless standalone: true (or set LEASEHOLD_AGGREGATOR_URL)");
    }
    if (standalone && rulesFile.isEmpty()) {
      problems.add("rules_file: (missing): a standalone edge enforces the rules of a local file");
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new EdgeConfig(host, port, adminPort, upstream, upstreamTimeout, connectTimeout, poolSize, edgeId, region,
        standalone, rulesFile,
        new EdgeConfig.Aggregator(urls, token, syncInterval, jitter, timeout, backoffInitial, backoffMax,
            breakerFailures, breakerCooldown),
        new EdgeConfig.Headers(onAllowed, xRateLimit, reset), maxKeys, idleExpiry, margin, trustForwardedFor,
        maxCheckBody, shutdownTimeout, instances);
  }

  private static EdgeConfig withRulesFile(EdgeConfig c, Path rules) {
    return new EdgeConfig(c.listenHost(), c.listenPort(), c.adminPort(), c.upstream(), c.upstreamTimeout(),
        c.upstreamConnectTimeout(), c.upstreamPoolSize(), c.edgeId(), c.region(), c.standalone(), Optional.of(rules),
        c.aggregator(), c.headers(), c.maxKeys(), c.idleExpiry(), c.leaseSafetyMargin(), c.trustForwardedFor(),
        c.maxCheckBodyBytes(), c.shutdownTimeout(), c.instances());
  }

  private static String defaultEdgeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "edge";
    }
    String id = (host + "-" + ProcessHandle.current().pid()).replaceAll("[^\\x21-\\x7e]", "_");
    return id.length() > 128 ? id.substring(0, 128) : id;
  }

  private void allowOnly(JsonNode node, String prefix, Set<String> known) {
    if (!node.isObject()) {
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(prefix + name + ": unknown field; expected one of " + new java.util.TreeSet<>(known));
      }
    }
  }

  private JsonNode object(JsonNode parent, String field) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return YAML.createObjectNode();
    }
    if (!(node instanceof ObjectNode)) {
      problems.add(field + ": " + shown(node) + ": must be a mapping");
      return YAML.createObjectNode();
    }
    return node;
  }

  private String string(JsonNode parent, String path, String fallback) {
    JsonNode node = parent.path(leaf(path));
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      problems.add(path + ": " + shown(node) + ": must be a string");
      return fallback;
    }
    return node.asText();
  }

  private boolean bool(JsonNode parent, String path, boolean fallback) {
    JsonNode node = parent.path(leaf(path));
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      problems.add(path + ": " + shown(node) + ": must be true or false");
      return fallback;
    }
    return node.asBoolean();
  }

  private long integer(JsonNode parent, String path, long fallback, long min, long max) {
    JsonNode node = parent.path(leaf(path));
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
      problems.add(path + ": " + shown(node) + ": must be an integer in [" + min + ", " + max + "]");
      return fallback;
    }
    return node.asLong();
  }

  private double decimal(JsonNode parent, String path, double fallback, double min, double max) {
    JsonNode node = parent.path(leaf(path));
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
      problems.add(path + ": " + shown(node) + ": must be a number in [" + min + ", " + max + "]");
      return fallback;
    }
    return node.asDouble();
  }

  private long parseInteger(String path, String text, long min, long max, long fallback) {
    try {
      long value = Long.parseLong(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(path + ": " + quoted(text) + ": must be an integer in [" + min + ", " + max + "]");
    return fallback;
  }

  private Duration duration(JsonNode parent, String path, Duration fallback) {
    JsonNode node = parent.path(leaf(path));
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    Matcher m = node.isTextual() ? DURATION.matcher(node.asText()) : null;
    if (m == null || !m.matches()) {
      problems.add(path + ": " + shown(node) + ": must be a duration such as 200ms, 5s, 10m or 1h");
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

  private URI httpUri(String path, String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problems.add(path + ": " + quoted(text) + ": must be an http:// or https:// URL with a host");
    return null;
  }

  private static String leaf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  private static String shown(JsonNode node) {
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  private static String quoted(String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    return "\"" + shown + "\"";
  }
}
