package io.leasehold.aggregator.redis;

import io.leasehold.aggregator.CircuitState;
import io.leasehold.model.time.Clock;
import java.util.Objects;

/**
 * A small, deterministic circuit breaker driven by an injected {@link Clock}.
 *
 * <p>Closed: calls pass, consecutive failures are counted; {@code failureThreshold} of them open
 * the circuit. Open: calls are refused without I/O until the open interval has passed. Half-open:
 * exactly one probe call passes; its success closes the circuit, its failure reopens it for twice
 * the previous interval (capped) — that doubling is the reconnect backoff, since the pooled Redis
 * client opens a fresh connection for the probe.
 *
 * <p>Written here rather than taken from {@code vertx-circuit-breaker}: that module is not in this
 * build, runs its own timers on wall-clock time and so cannot be stepped by a {@code ManualClock};
 * this one is a few dozen lines of plain state. Thread-safe (every method is synchronized).
 */
public final class CircuitBreaker {
  private final BreakerSettings settings;
  private final Clock clock;
  private CircuitState state = CircuitState.CLOSED;
  private int consecutiveFailures;
  private long openedAtNanos;
  private long openForNanos;
  private boolean probeInFlight;

  public CircuitBreaker(BreakerSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.openForNanos = settings.openDuration().toNanos();
  }

  /** Whether a call may go out now; a {@code true} must be followed by exactly one outcome. */
  public synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (clock.nanos() - openedAtNanos < openForNanos) {
          return false;
        }
        state = CircuitState.HALF_OPEN;
        probeInFlight = true;
        return true;
      default: // HALF_OPEN
        if (probeInFlight) {
          return false;
        }
        probeInFlight = true;
        return true;
    }
  }

  public synchronized void onSuccess() {
    consecutiveFailures = 0;
    probeInFlight = false;
    if (state != CircuitState.CLOSED) {
      state = CircuitState.CLOSED;
      openForNanos = settings.openDuration().toNanos();
    }
  }

  /**
   * The call ended without saying anything about the backend (refused locally, e.g. a full
   * connection queue): the state stays, a half-open probe slot is released.
   */
  public synchronized void onIgnored() {
    probeInFlight = false;
  }

  public synchronized void onFailure() {
    switch (state) {
      case CLOSED:
        if (++consecutiveFailures >= settings.failureThreshold()) {
          open(settings.openDuration().toNanos());
        }
        break;
      case HALF_OPEN:
        open(Math.min(settings.maxOpenDuration().toNanos(), openForNanos * 2));
        break;
      default:
        // a call admitted before the circuit opened failed late: already accounted for
        break;
    }
  }

  /** The state as a caller would find it now (an open circuit past its interval reads half-open). */
  public synchronized CircuitState state() {
    if (state == CircuitState.OPEN && clock.nanos() - openedAtNanos >= openForNanos) {
      return CircuitState.HALF_OPEN;
    }
    return state;
  }

  /** Nanoseconds until an open circuit lets a probe through; 0 when not open. */
  public synchronized long nanosUntilProbe() {
    return state == CircuitState.OPEN ? Math.max(0, openedAtNanos + openForNanos - clock.nanos()) : 0;
  }

  private void open(long forNanos) {
    state = CircuitState.OPEN;
    openedAtNanos = clock.nanos();
    openForNanos = forNanos;
    probeInFlight = false;
    consecutiveFailures = 0;
  }
}
