package io.leasehold.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A server process a test started and therefore owns: output goes to a log file in its own
 * temporary directory, and it is destroyed on {@link #stop()} or, failing that, when the JVM exits
 * (so a failing or killed test run leaves no stray redis-server or etcd behind).
 */
final class ManagedProcess {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "test-infra-reaper"));
  }

  private final String name;
  private final List<String> command;
  private final Path workDir;
  private final Path log;
  private Process process;

  ManagedProcess(String name, List<String> command, Path workDir) {
    this.name = name;
    this.command = List.copyOf(command);
    this.workDir = workDir;
    this.log = workDir.resolve(name + ".log");
  }

  /** Starts the process and waits until {@code ready} holds; throws with the log tail if it does not. */
  void start(BooleanSupplier ready, Duration timeout) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    LIVE.add(process);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        LIVE.remove(process);
        throw new IOException(name + " exited with " + process.exitValue() + " during start: " + logTail());
      }
      if (ready.getAsBoolean()) {
        return;
      }
      sleep(50);
    }
    stop();
    throw new IOException(name + " was not ready within " + timeout + ": " + logTail());
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Terminates the process: SIGTERM, up to 5 s grace, then SIGKILL. */
  void stop() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LIVE.remove(p);
    process = null;
  }

  /** Kills the process without grace (SIGKILL), as a crash would. */
  void kill() {
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

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a leftover temp directory must not fail a test
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
}
