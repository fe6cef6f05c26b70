package io.leasehold.sim.engine;

import io.leasehold.model.time.Clock;
import io.leasehold.model.time.ManualClock;
import java.util.SplittableRandom;

/**
 * Discrete-event loop over virtual time. The {@link ManualClock} it advances is the clock the
 * simulated cores read, so "now" in a core is always the time of the event being processed.
 *
 * <p>Single-threaded and deterministic: events run in (time, scheduling order), and every random
 * choice comes from seeded streams ({@link Rngs}).
 */
public final class Simulator {
  private final ManualClock clock;
  private final EventQueue queue = new EventQueue(4096);
  private final EventQueue.Sink dispatch = this::dispatch;
  private long processed;

  public Simulator() {
    this(new ManualClock(0L));
  }

  public Simulator(ManualClock clock) {
    this.clock = clock;
  }

  /** The virtual clock; hand it to the cores. */
  public Clock clock() {
    return clock;
  }

  public long now() {
    return clock.nanos();
  }

  public long processedEvents() {
    return processed;
  }

  public int pendingEvents() {
    return queue.size();
  }

  /** Schedules {@code handler} at absolute virtual time {@code atNanos} (not before now). */
  public void schedule(long atNanos, EventHandler handler, long arg) {
    if (atNanos < clock.nanos()) {
      throw new IllegalArgumentException(
          "atNanos: " + atNanos + " is before the current virtual time " + clock.nanos());
    }
    queue.add(atNanos, handler, arg);
  }

  /**
   * {@link #schedule(long, EventHandler, long)} for an event a fixed delay ahead, such as a call's
   * timeout: such events come due in the order they were scheduled and are kept aside from the
   * other pending events ({@link EventQueue#addInOrder}); the order events run in is the same.
   */
  public void scheduleInOrder(long atNanos, EventHandler handler, long arg) {
    if (atNanos < clock.nanos()) {
      throw new IllegalArgumentException(
          "atNanos: " + atNanos + " is before the current virtual time " + clock.nanos());
    }
    queue.addInOrder(atNanos, handler, arg);
  }

  public void scheduleAfter(long delayNanos, EventHandler handler, long arg) {
    schedule(Math.addExact(clock.nanos(), Math.max(0L, delayNanos)), handler, arg);
  }

  /** Convenience for one-off events that need no argument. */
  public void schedule(long atNanos, Runnable action) {
    schedule(atNanos, (now, arg) -> action.run(), 0L);
  }

  /**
   * Runs every event due at or before {@code untilNanos} (including events those events schedule
   * within the horizon), then leaves the clock at {@code untilNanos}.
   */
  public void runUntil(long untilNanos) {
    while (queue.peekTime() <= untilNanos) {
      queue.pollInto(dispatch);
    }
    if (untilNanos > clock.nanos()) {
      clock.setNanos(untilNanos);
    }
  }

  /**
   * Moves the clock to {@code nanos} without running anything (a lane between windows).
   *
   * @throws IllegalStateException if an event is due before {@code nanos}
   */
  public void advanceTo(long nanos) {
    if (queue.peekTime() < nanos) {
      throw new IllegalStateException("an event is due at " + queue.peekTime() + ", before " + nanos);
    }
    if (nanos > clock.nanos()) {
      clock.setNanos(nanos);
    }
  }

  /** Runs until no event is left; returns the number processed in this call. */
  public long runAll() {
    long before = processed;
    while (queue.pollInto(dispatch)) {
      // dispatch does the work
    }
    return processed - before;
  }

  /**
   * Starts a periodic timer: firing k happens at {@code firstNanos + k·period + U[-jitter, +jitter]}
   * (never before the previous firing), so jitter does not accumulate into drift.
   */
  public PeriodicTimer every(
      long firstNanos, long periodNanos, long jitterNanos, SplittableRandom rng, Runnable action) {
    PeriodicTimer timer = new PeriodicTimer(this, firstNanos, periodNanos, jitterNanos, rng, action);
    timer.start();
    return timer;
  }

  private void dispatch(long time, EventHandler handler, long arg) {
    if (time > clock.nanos()) {
      clock.setNanos(time);
    }
    processed++;
    handler.onEvent(time, arg);
  }
}
