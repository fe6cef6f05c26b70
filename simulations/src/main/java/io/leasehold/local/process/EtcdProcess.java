package io.leasehold.local.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A single-member etcd on loopback client and peer ports. Its data directory survives a stop, so
 * a start after a stop is an outage that ends with the rules and the revision history intact.
 */
public final class EtcdProcess {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String clientUrl;
  private final SupervisedProcess process;

  public EtcdProcess(String name, int clientPort, int peerPort, Path dir) {
    this.clientUrl = "http://127.0.0.1:" + clientPort;
    String peerUrl = "http://127.0.0.1:" + peerPort;
    this.process = new SupervisedProcess(name, List.of("etcd",
        "--name", name,
        "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", clientUrl,
        "--advertise-client-urls", clientUrl,
        "--listen-peer-urls", peerUrl,
        "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", name + "=" + peerUrl,
        "--initial-cluster-state", "new",
        "--initial-cluster-token", "leasehold-local",
        "--log-level", "warn"), Map.of(), dir, () -> healthy(clientUrl));
  }

  static boolean healthy(String clientUrl) {
    return Probes.get(clientUrl + "/health").map(body -> body.contains("\"true\"")).orElse(false);
  }

  public void start() throws IOException {
    process.start(START_TIMEOUT);
  }

  public void stop() {
    process.stop();
  }

  public void kill() {
    process.kill();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String clientUrl() {
    return clientUrl;
  }

  public SupervisedProcess process() {
    return process;
  }
}
