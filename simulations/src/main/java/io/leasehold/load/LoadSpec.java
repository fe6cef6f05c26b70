package io.leasehold.load;

import java.time.Duration;
import java.util.List;

/**
 * A bounded open-loop run: every stream sends on its own schedule for {@code duration} or until
 * {@code maxRequests} requests were sent in all, whichever comes first.
 *
 * @param deadline a request not answered within it counts as failed (the client gave up)
 * @param trackedKeys per-key rules: how many of the hottest keys get per-second series
 */
public record LoadSpec(List<LoadStream> streams, Duration duration, long maxRequests, Duration deadline,
    int trackedKeys, long seed) {

  public LoadSpec {
    streams = List.copyOf(streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("streams: []: at least one stream");
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("duration: " + duration + ": must be in (0, 24h]");
    }
    if (maxRequests < 1) {
      throw new IllegalArgumentException("max_requests: " + maxRequests + ": must be ≥ 1");
    }
    if (deadline.toMillis() < 1 || deadline.toSeconds() > 60) {
      throw new IllegalArgumentException("deadline: " + deadline + ": must be 1ms to 60s");
    }
    if (trackedKeys < 1 || trackedKeys > 1000) {
      throw new IllegalArgumentException("tracked_keys: " + trackedKeys + ": must be 1 to 1000");
    }
  }
}
