package io.leasehold.coordinator.etcd;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential retry delays with "equal jitter": attempt n waits between half and all of
 * {@code min(max, initial * 2^n)}. Jitter keeps many coordinators from hammering a recovering etcd in
 * lockstep; the cap keeps a long outage from making recovery slow.
 */
final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private final DoubleSupplier random;

  /** @param random values in [0, 1) */
  Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    if (initialNanos <= 0 || maxNanos < initialNanos) {
      throw new IllegalArgumentException("backoff: initial " + initial + " must be positive and at most max " + max);
    }
    this.random = random;
  }

  /** Delay before retry number {@code attempt} (0 for the first retry). */
  long delayNanos(int attempt) {
    int shift = Math.min(Math.max(attempt, 0), 62);
    long ceiling = initialNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, initialNanos << shift);
    long half = ceiling / 2;
    return half + (long) (random.getAsDouble() * (ceiling - half));
  }
}
