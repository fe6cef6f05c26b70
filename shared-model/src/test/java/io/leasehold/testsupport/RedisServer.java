package io.leasehold.testsupport;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Redis for integration tests: {@code LEASEHOLD_TEST_REDIS_URL} if set, else a
 * {@code redis-server} on a free loopback port (temporary directory, no persistence), else a
 * Testcontainers {@code redis:7.0} when Docker answers, else {@link Infra#missing}.
 *
 * <pre>{@code
 * static RedisServer redis;
 * @BeforeAll static void up() { redis = RedisServer.startOrConnect(); }
 * @AfterAll static void down() { redis.close(); }
 * }</pre>
 *
 * <p>Servers started here can be {@link #stop() stopped} and {@link #start() started} again on the
 * same port, for outage tests.
 */
public final class RedisServer implements AutoCloseable {
  public static final String ENV_URL = "LEASEHOLD_TEST_REDIS_URL";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final String host;
  private final int port;
  private final ManagedProcess process; // null unless we own a local binary
  private final Path dir;
  private final AutoCloseable container; // non-null when started through Testcontainers

  private RedisServer(String host, int port, ManagedProcess process, Path dir, AutoCloseable container) {
    this.host = host;
    this.port = port;
    this.process = process;
    this.dir = dir;
    this.container = container;
  }

  public static RedisServer startOrConnect() {
    String env = System.getenv(ENV_URL);
    if (env != null && !env.isBlank()) {
      URI uri = URI.create(env.trim());
      return new RedisServer(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379, null, null, null);
    }
    if (Infra.onPath("redis-server")) {
      return startLocal();
    }
    if (Infra.dockerAvailable()) {
      return startContainer();
    }
    return Infra.missing("redis-server",
        "install it (Debian/Ubuntu: apt-get install redis-server), or set " + ENV_URL + "=redis://host:port");
  }

  private static RedisServer startLocal() {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("leasehold-redis-");
        int port = Infra.freeLoopbackPort();
        ManagedProcess p = new ManagedProcess("redis-" + port, command(port, dir), dir);
        p.start(() -> pong("127.0.0.1", port), START_TIMEOUT);
        return new RedisServer("127.0.0.1", port, p, dir, null);
      } catch (IOException e) {
        last = e; // most likely a port race: try a fresh port
        ManagedProcess.deleteRecursively(dir);
      }
    }
    throw new IllegalStateException("could not start redis-server", last);
  }

  private static List<String> command(int port, Path dir) {
    return List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
        "--protected-mode", "yes", "--loglevel", "warning");
  }

  @SuppressWarnings("resource")
  private static RedisServer startContainer() {
    var c = new org.testcontainers.containers.GenericContainer<>(
        org.testcontainers.utility.DockerImageName.parse("redis:7.0")).withExposedPorts(6379);
    c.start();
    return new RedisServer(c.getHost(), c.getMappedPort(6379), null, null, c);
  }

  static boolean pong(String host, int port) {
    try (RespClient client = new RespClient(host, port, 500)) {
      return "PONG".equals(client.call("PING"));
    } catch (IOException | RuntimeException notYet) {
      return false;
    }
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code redis://host:port}. */
  public String url() {
    return "redis://" + host + ":" + port;
  }

  /** Whether this fixture started the server (and can stop/start it). */
  public boolean owned() {
    return process != null;
  }

  /** A new blocking inspection client; close it after use. */
  public RespClient client() throws IOException {
    return new RespClient(host, port, 5_000);
  }

  /** Runs one command on a short-lived connection. */
  public Object call(String... args) {
    try (RespClient client = client()) {
      return client.call(args);
    } catch (IOException e) {
      throw new IllegalStateException("redis " + url() + " unreachable: " + e.getMessage(), e);
    }
  }

  /** {@code INFO commandstats} as command name → calls (e.g. "evalsha" → 12). */
  public Map<String, Long> commandCalls() {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : String.valueOf(call("INFO", "commandstats")).split("\r?\n")) {
      // cmdstat_get:calls=3,usec=12,usec_per_call=4.00,...
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String stats = line.substring(line.indexOf(':') + 1);
        for (String kv : stats.split(",")) {
          if (kv.startsWith("calls=")) {
            calls.put(name, Long.parseLong(kv.substring("calls=".length())));
          }
        }
      }
    }
    return calls;
  }

  /** Stops an owned server (an outage); data is not persisted. */
  public void stop() {
    requireOwned("stop");
    process.stop();
  }

  /** Kills an owned server with SIGKILL (a crash). */
  public void kill() {
    requireOwned("kill");
    process.kill();
  }

  /** Starts an owned, stopped server again on the same port. */
  public void start() {
    requireOwned("start");
    if (process.isAlive()) {
      return;
    }
    try {
      process.start(() -> pong(host, port), START_TIMEOUT);
    } catch (IOException e) {
      throw new IllegalStateException("could not restart redis-server on port " + port, e);
    }
  }

  private void requireOwned(String op) {
    if (process == null) {
      throw new UnsupportedOperationException(op + " needs a redis-server this fixture started; "
          + url() + " came from " + (container != null ? "Testcontainers" : ENV_URL));
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop();
      ManagedProcess.deleteRecursively(dir);
    }
    if (container != null) {
      try {
        container.close();
      } catch (Exception ignored) {
        // container teardown failures must not mask the test result
      }
    }
  }

  @Override
  public String toString() {
    return "RedisServer[" + url() + (owned() ? ", owned" : "") + "]";
  }
}
