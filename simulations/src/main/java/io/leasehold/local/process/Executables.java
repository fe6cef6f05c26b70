package io.leasehold.local.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the external binaries the local cluster runs, and says how to install the missing ones. */
public final class Executables {
  /** Debian/Ubuntu packages that provide each binary. */
  private static final Map<String, String> PACKAGES = Map.of("redis-server", "redis-server", "etcd", "etcd-server");

  private Executables() {}

  /** The executable named {@code binary} on {@code PATH}, if any. */
  public static Optional<Path> onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, binary);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Empty when every binary is on PATH; otherwise one message naming the missing ones and the
   * command that installs them.
   */
  public static Optional<String> missing(List<String> binaries) {
    List<String> absent = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    for (String b : binaries) {
      if (onPath(b).isEmpty()) {
        absent.add(b);
        packages.add(PACKAGES.getOrDefault(b, b));
      }
    }
    if (absent.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("not found on PATH: " + String.join(", ", absent)
        + ". The local cluster runs real servers; install them (Debian/Ubuntu: sudo apt-get install -y "
        + String.join(" ", packages) + ") and try again.");
  }

  /** The {@code java} launcher of this JVM, so that child components run on the same runtime. */
  public static String currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
