package io.leasehold.local.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One child process of the local cluster: started with a fixed command line (so it can be started
 * again after a stop, on the same ports and data), its output appended to {@code <name>.log} in the
 * cluster's work directory, stopped with SIGTERM (grace, then SIGKILL) or killed with SIGKILL as a
 * crash would. Every live child is also killed when this JVM exits, so an interrupted launcher
 * leaves no stray redis-server, etcd or component JVM behind.
 */
public final class SupervisedProcess {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final long POLL_MILLIS = 50;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "local-cluster-reaper"));
  }

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path workDir;
  private final Path log;
  private final BooleanSupplier ready;
  private volatile Process process;

  /**
   * @param ready probe that holds once the process serves (polled every 50 ms after the start)
   */
  public SupervisedProcess(String name, List<String> command, Map<String, String> environment, Path workDir,
      BooleanSupplier ready) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.workDir = workDir;
    this.log = workDir.resolve(name + ".log");
    this.ready = ready;
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** Starts the process and waits until it is ready; throws with the log's tail when it is not. */
  public synchronized void start(Duration timeout) throws IOException {
    if (isAlive()) {
      return;
    }
    Files.createDirectories(workDir);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // A LEASEHOLD_* variable of the launcher's own environment would override the generated config
    // of every child (LEASEHOLD_REDIS_URL, LEASEHOLD_PORT, …): children get only what is set here.
    builder.environment().keySet().removeIf(key -> key.startsWith("LEASEHOLD_"));
    builder.environment().putAll(environment);
    Process started = builder.start();
    process = started;
    LIVE.add(started);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        LIVE.remove(started);
        process = null;
        throw new IOException(name + " exited with status " + started.exitValue() + " while starting; "
            + log + " ends with:\n" + logTail(20));
      }
      if (ready.getAsBoolean()) {
        return;
      }
      sleep(POLL_MILLIS);
    }
    stop();
    throw new IOException(name + " was not ready within " + timeout.toMillis() + " ms; " + log + " ends with:\n"
        + logTail(20));
  }

  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The operating system's process id, or -1 when not running. */
  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  /** Terminates the process: SIGTERM, up to {@code grace} to exit, then SIGKILL. */
  public synchronized void stop(Duration grace) {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LIVE.remove(p);
    process = null;
  }

  public void stop() {
    stop(Duration.ofSeconds(10));
  }

  /** Kills the process with SIGKILL, without any chance to clean up: a crash. */
  public synchronized void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LIVE.remove(p);
    process = null;
  }

  /** The last {@code lines} lines of the process's log. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return name + (isAlive() ? " (pid " + pid() + ")" : " (stopped)");
  }
}
