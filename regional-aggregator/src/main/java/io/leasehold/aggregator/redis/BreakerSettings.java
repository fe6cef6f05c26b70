package io.leasehold.aggregator.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of a {@link CircuitBreaker}.
 *
 * @param failureThreshold consecutive failed calls that open the circuit (≥ 1)
 * @param openDuration how long the circuit stays open after it first opens, before one probe
 * @param maxOpenDuration cap of the open interval, which doubles after each failed probe (the
 *     reconnect backoff)
 */
public record BreakerSettings(int failureThreshold, Duration openDuration, Duration maxOpenDuration) {
  public static final BreakerSettings DEFAULTS =
      new BreakerSettings(3, Duration.ofMillis(500), Duration.ofSeconds(2));

  public BreakerSettings {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("breaker.failureThreshold: " + failureThreshold + " must be at least 1");
    }
    Objects.requireNonNull(openDuration, "breaker.openDuration: must not be null");
    Objects.requireNonNull(maxOpenDuration, "breaker.maxOpenDuration: must not be null");
    if (openDuration.isNegative() || openDuration.isZero()) {
      throw new IllegalArgumentException("breaker.openDuration: " + openDuration + " must be positive");
    }
    if (maxOpenDuration.compareTo(openDuration) < 0) {
      throw new IllegalArgumentException("breaker.maxOpenDuration: " + maxOpenDuration
          + " is shorter than breaker.openDuration " + openDuration);
    }
  }
}
