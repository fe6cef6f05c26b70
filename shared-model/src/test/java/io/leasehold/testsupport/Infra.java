package io.leasehold.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where test infrastructure comes from, and what happens when there is none.
 *
 * <p>Order (shared/notes/stack.md §6.3): an address from the environment → the local binary on a
 * free loopback port → Testcontainers when a Docker engine answers → otherwise abort the test
 * locally, but fail it when {@code CI=true} (or {@code LEASEHOLD_TEST_REQUIRE_INFRA=true}) so that
 * CI never skips an integration test silently.
 */
public final class Infra {
  private Infra() {}

  /** True when missing infrastructure must fail tests instead of aborting them. */
  public static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("CI"))
        || "true".equalsIgnoreCase(System.getenv("LEASEHOLD_TEST_REQUIRE_INFRA"));
  }

  /** Aborts (locally) or fails (CI) the calling test because {@code what} is unavailable. */
  public static <T> T missing(String what, String howToGetIt) {
    String message = what + " is not available: " + howToGetIt;
    if (required()) {
      throw new IllegalStateException(message + " (CI=true: integration tests must not be skipped)");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /** Whether an executable named {@code binary} is on PATH. */
  public static boolean onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, binary);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A loopback port that was free a moment ago. Racy by nature (another process may take it before
   * the server binds), so fixtures retry their start on a fresh port.
   */
  public static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  /** Whether a Docker engine answers (false in about 0.3 s when there is none). */
  public static boolean dockerAvailable() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable noDocker) {
      return false;
    }
  }
}
