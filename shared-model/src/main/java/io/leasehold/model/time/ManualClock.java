package io.leasehold.model.time;

import java.time.Duration;

/**
 * A {@link Clock} that moves only when told to: for tests and for the simulator's virtual time.
 *
 * <p>Single-writer: advance it from the thread that drives the cores. Reads from other threads
 * see a recent value (the field is volatile).
 */
public final class ManualClock implements Clock {
  private volatile long nanos;

  public ManualClock() {
    this(0L);
  }

  public ManualClock(long startNanos) {
    this.nanos = startNanos;
  }

  @Override
  public long nanos() {
    return nanos;
  }

  /** Moves time forward by {@code deltaNanos} (must be ≥ 0: monotonic clocks never go back). */
  public ManualClock advanceNanos(long deltaNanos) {
    if (deltaNanos < 0) {
      throw new IllegalArgumentException("deltaNanos: " + deltaNanos + " is negative; a monotonic clock never goes back");
    }
    nanos = Math.addExact(nanos, deltaNanos);
    return this;
  }

  public ManualClock advance(Duration delta) {
    return advanceNanos(delta.toNanos());
  }

  public ManualClock advanceMillis(long millis) {
    return advanceNanos(Math.multiplyExact(millis, 1_000_000L));
  }

  /** Sets the time; {@code newNanos} must not be before the current time. */
  public ManualClock setNanos(long newNanos) {
    if (newNanos < nanos) {
      throw new IllegalArgumentException("newNanos: " + newNanos + " is before the current time " + nanos);
    }
    nanos = newNanos;
    return this;
  }
}
