package io.leasehold.local.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Leasehold component ({@code edge}, {@code aggregator}, {@code coordinator}) in its own JVM,
 * started as {@code java <jvm options> -cp <this launcher's classpath> io.leasehold.cli.LeaseholdCli
 * <command> <args>}, exactly as an operator would run it, and ready when its {@code /healthz}
 * answers.
 */
public final class ComponentProcess {
  /**
   * Small heaps, the serial collector and C1 only: a dozen component JVMs share a laptop or a
   * two-core CI runner, where a full tiered compiler per JVM would steal the CPU the load needs.
   */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

  private static final String MAIN = "io.leasehold.cli.LeaseholdCli";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final int port;
  private final SupervisedProcess process;

  public ComponentProcess(String name, int port, List<String> jvmOptions, List<String> commandArgs,
      Map<String, String> environment, Path dir) {
    this.name = name;
    this.port = port;
    List<String> command = new ArrayList<>();
    command.add(Executables.currentJava());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(absoluteClassPath());
    command.add(MAIN);
    command.addAll(commandArgs);
    this.process = new SupervisedProcess(name, command, environment, dir, () -> Probes.httpOk(url() + "/healthz"));
  }

  /** This JVM's class path with absolute entries: children run in their own work directories. */
  static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  public void start() throws IOException {
    process.start(START_TIMEOUT);
  }

  /** SIGTERM: the component shuts down gracefully (a coordinator resigns its leadership). */
  public void stop() {
    process.stop(Duration.ofSeconds(15));
  }

  /** {@code kill -9}. */
  public void kill() {
    process.kill();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public SupervisedProcess process() {
    return process;
  }

  @Override
  public String toString() {
    return name + " " + url();
  }
}
