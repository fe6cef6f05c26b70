package io.leasehold.load;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One open-loop traffic stream: {@code ratePerSecond} requests per second from one region to its
 * sidecars (round robin over {@code targets}), each {@code method path} with the key in
 * {@code keyHeader} (value {@code key-<index>}) drawn from {@code keys}, from {@code from} after
 * the run's start to its end (a later start adds a step to the region's demand).
 */
public record LoadStream(String region, List<String> targets, double ratePerSecond, String method, String path,
    Optional<String> keyHeader, KeyDistribution keys, Duration from) {

  public LoadStream(String region, List<String> targets, double ratePerSecond, String method, String path,
      Optional<String> keyHeader, KeyDistribution keys) {
    this(region, targets, ratePerSecond, method, path, keyHeader, keys, Duration.ZERO);
  }

  public LoadStream {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("streams[" + region + "].targets: []: needs at least one sidecar URL");
    }
    for (String t : targets) {
      if (!t.startsWith("http://127.0.0.1:") && !t.startsWith("http://localhost:") && !t.startsWith("http://[::1]:")) {
        throw new IllegalArgumentException("streams[" + region + "].targets: \"" + t
            + "\": the load generator only sends to loopback (http://127.0.0.1:PORT)");
      }
    }
    if (!(ratePerSecond > 0) || ratePerSecond > 1_000_000) {
      throw new IllegalArgumentException("streams[" + region + "].rate: " + ratePerSecond + ": must be in (0, 1000000]");
    }
    if (from.isNegative()) {
      throw new IllegalArgumentException("streams[" + region + "].from: " + from + ": must be ≥ 0");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("streams[" + region + "].path: \"" + path + "\": must start with /");
    }
  }

  /** The header value of key {@code index}. */
  public static String keyValue(long index) {
    return "key-" + index;
  }
}
