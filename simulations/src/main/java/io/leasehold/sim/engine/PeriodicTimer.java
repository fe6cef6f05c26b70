package io.leasehold.sim.engine;

import java.util.SplittableRandom;

/**
 * A repeating event with bounded jitter around a fixed nominal schedule (sync intervals). Created
 * by {@link Simulator#every}; {@link #cancel()} stops it (the already-queued firing is skipped).
 */
public final class PeriodicTimer implements EventHandler {
  private final Simulator simulator;
  private final long periodNanos;
  private final long jitterNanos;
  private final SplittableRandom rng;
  private final Runnable action;
  private long nominalNanos;
  private long lastFiredNanos = Long.MIN_VALUE;
  private boolean cancelled;
  private long firings;

  PeriodicTimer(
      Simulator simulator,
      long firstNanos,
      long periodNanos,
      long jitterNanos,
      SplittableRandom rng,
      Runnable action) {
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("periodNanos: " + periodNanos + " must be positive");
    }
    if (jitterNanos < 0 || jitterNanos >= periodNanos) {
      throw new IllegalArgumentException(
          "jitterNanos: " + jitterNanos + " must be in [0, period " + periodNanos + ")");
    }
    this.simulator = simulator;
    this.periodNanos = periodNanos;
    this.jitterNanos = jitterNanos;
    this.rng = rng;
    this.action = action;
    this.nominalNanos = firstNanos;
  }

  void start() {
    scheduleNext();
  }

  public void cancel() {
    cancelled = true;
  }

  public boolean cancelled() {
    return cancelled;
  }

  public long firings() {
    return firings;
  }

  @Override
  public void onEvent(long nowNanos, long arg) {
    if (cancelled) {
      return;
    }
    firings++;
    lastFiredNanos = nowNanos;
    nominalNanos += periodNanos;
    scheduleNext();
    action.run();
  }

  private void scheduleNext() {
    long offset = jitterNanos == 0 ? 0 : rng.nextLong(-jitterNanos, jitterNanos + 1);
    long at = Math.max(nominalNanos + offset, Math.max(simulator.now(), lastFiredNanos));
    simulator.schedule(at, this, 0L);
  }
}
