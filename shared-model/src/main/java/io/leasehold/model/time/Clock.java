package io.leasehold.model.time;

/**
 * Monotonic time source, injected into every core so that tests and the simulator control time.
 *
 * <p>Values are nanoseconds from an arbitrary origin; only differences are meaningful. They never
 * go backwards, so durations (lease TTLs, refill intervals) cannot be stretched by wall-clock
 * adjustments (DESIGN.md invariant 3).
 */
@FunctionalInterface
public interface Clock {

  /** Current monotonic time in nanoseconds. */
  long nanos();

  /** The JVM's monotonic clock ({@link System#nanoTime()}). */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
