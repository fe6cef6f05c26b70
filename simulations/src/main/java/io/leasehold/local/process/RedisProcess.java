package io.leasehold.local.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A regional {@code redis-server} on a loopback port, without persistence: a stop followed by a
 * start is an outage after which Redis comes back empty, as a failed-over cache node without a
 * replica would.
 */
public final class RedisProcess {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final int port;
  private final SupervisedProcess process;

  public RedisProcess(String name, int port, Path dir) {
    this.port = port;
    this.process = new SupervisedProcess(name, List.of("redis-server",
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", dir.toString(), "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning"),
        Map.of(), dir, () -> Probes.redisPong(port));
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

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** See {@link Probes#redisCommandCalls}. */
  public Map<String, Long> commandCalls() throws IOException {
    return Probes.redisCommandCalls(port);
  }

  public SupervisedProcess process() {
    return process;
  }
}
