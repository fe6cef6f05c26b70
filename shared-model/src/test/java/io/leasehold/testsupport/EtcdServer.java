package io.leasehold.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A real etcd for integration tests: {@code LEASEHOLD_TEST_ETCD_ENDPOINTS} if set (comma-separated
 * {@code http://host:port}), else the {@code etcd} binary on free loopback client and peer ports with
 * a temporary data directory, else a Testcontainers etcd when Docker answers, else
 * {@link Infra#missing}.
 *
 * <p>Servers started here can be {@link #stop() stopped} and {@link #start() started} again with the
 * same ports and data (an etcd outage that ends), or {@link #kill() killed}.
 */
public final class EtcdServer implements AutoCloseable {
  public static final String ENV_ENDPOINTS = "LEASEHOLD_TEST_ETCD_ENDPOINTS";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  private final List<String> endpoints;
  private final ManagedProcess process;
  private final Path dir;
  private final AutoCloseable container;

  private EtcdServer(List<String> endpoints, ManagedProcess process, Path dir, AutoCloseable container) {
    this.endpoints = List.copyOf(endpoints);
    this.process = process;
    this.dir = dir;
    this.container = container;
  }

  public static EtcdServer startOrConnect() {
    String env = System.getenv(ENV_ENDPOINTS);
    if (env != null && !env.isBlank()) {
      return new EtcdServer(Arrays.stream(env.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
          null, null, null);
    }
    if (Infra.onPath("etcd")) {
      return startLocal();
    }
    if (Infra.dockerAvailable()) {
      return startContainer();
    }
    return Infra.missing("etcd", "install it (Debian/Ubuntu: apt-get install etcd-server), or set "
        + ENV_ENDPOINTS + "=http://host:2379");
  }

  private static EtcdServer startLocal() {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("leasehold-etcd-");
        int client = Infra.freeLoopbackPort();
        int peer = Infra.freeLoopbackPort();
        String clientUrl = "http://127.0.0.1:" + client;
        String peerUrl = "http://127.0.0.1:" + peer;
        ManagedProcess p = new ManagedProcess("etcd-" + client, List.of("etcd",
            "--name", "t0",
            "--data-dir", dir.resolve("data").toString(),
            "--listen-client-urls", clientUrl,
            "--advertise-client-urls", clientUrl,
            "--listen-peer-urls", peerUrl,
            "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", "t0=" + peerUrl,
            "--initial-cluster-state", "new",
            "--initial-cluster-token", "leasehold-test",
            "--log-level", "warn"), dir);
        p.start(() -> healthy(clientUrl), START_TIMEOUT);
        return new EtcdServer(List.of(clientUrl), p, dir, null);
      } catch (IOException e) {
        last = e;
        ManagedProcess.deleteRecursively(dir);
      }
    }
    throw new IllegalStateException("could not start etcd", last);
  }

  @SuppressWarnings("resource")
  private static EtcdServer startContainer() {
    var c = new org.testcontainers.containers.GenericContainer<>(
            org.testcontainers.utility.DockerImageName.parse("quay.io/coreos/etcd:v3.5.14"))
        .withExposedPorts(2379)
        .withCommand("etcd", "--listen-client-urls", "http://0.0.0.0:2379",
            "--advertise-client-urls", "http://0.0.0.0:2379");
    c.start();
    return new EtcdServer(List.of("http://" + c.getHost() + ":" + c.getMappedPort(2379)), null, null, c);
  }

  static boolean healthy(String clientUrl) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health"))
          .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"true\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Client endpoints, e.g. {@code [http://127.0.0.1:43121]}. */
  public List<String> endpoints() {
    return endpoints;
  }

  /** Endpoints joined with commas, as the components' config expects them. */
  public String endpointList() {
    return String.join(",", endpoints);
  }

  public boolean owned() {
    return process != null;
  }

  /** Stops an owned etcd (an outage); its data directory is kept for {@link #start()}. */
  public void stop() {
    requireOwned("stop");
    process.stop();
  }

  /** Kills an owned etcd with SIGKILL. */
  public void kill() {
    requireOwned("kill");
    process.kill();
  }

  /** Starts an owned, stopped etcd again with the same ports and data. */
  public void start() {
    requireOwned("start");
    if (process.isAlive()) {
      return;
    }
    try {
      process.start(() -> healthy(endpoints.get(0)), START_TIMEOUT);
    } catch (IOException e) {
      throw new IllegalStateException("could not restart etcd at " + endpoints, e);
    }
  }

  private void requireOwned(String op) {
    if (process == null) {
      throw new UnsupportedOperationException(op + " needs an etcd this fixture started; " + endpoints
          + " came from " + (container != null ? "Testcontainers" : ENV_ENDPOINTS));
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
    return "EtcdServer" + endpoints + (owned() ? " (owned)" : "");
  }
}
