package io.leasehold.aggregator.redis;

import io.leasehold.model.time.Clock;
import java.util.Objects;

/**
 * Where the Redis function reads "now" when it refills a bucket and re-arms its idle TTL.
 *
 * <ul>
 *   <li>{@link #REDIS} (the default; production): Redis's own {@code TIME}. Every aggregator
 *       replica then refills against one clock, so replicas with skewed clocks cannot refill a
 *       bucket twice or backwards; idle keys expire through {@code PEXPIRE}.</li>
 *   <li>{@link #caller(Clock)}: the caller's clock, floored to microseconds and sent with every
 *       {@code FCALL}; Redis's clock is never read. This is for a caller that runs in virtual
 *       time (the simulator, tests with a manual clock), so that a Redis bucket behaves exactly
 *       like the in-memory store on the same clock. The idle TTL is then measured on that clock
 *       too: the deadline is stored in the bucket (field {@code x}), an expired bucket restarts
 *       full when next touched, and keys get <b>no</b> Redis-side expiry — wall-clock expiry would
 *       cut a virtual idle period short whenever the caller runs slower than real time. Use it
 *       only on a Redis whose data is disposable, with one caller (one clock) per key space:
 *       clocks with different origins on the same keys would refill buckets wrongly.</li>
 * </ul>
 */
public sealed interface TimeSource permits TimeSource.RedisTime, TimeSource.CallerTime {

  /** Redis's {@code TIME}: the production default. */
  TimeSource REDIS = new RedisTime();

  /** The caller's clock, in whole microseconds ({@link Clock#nanos()} floored). */
  static TimeSource caller(Clock clock) {
    return new CallerTime(clock);
  }

  /** Redis's {@code TIME}; use {@link #REDIS}. */
  record RedisTime() implements TimeSource {
    @Override
    public String toString() {
      return "REDIS";
    }
  }

  /**
   * The caller's clock.
   *
   * @param clock read once per store call; every op of the call sees the same instant
   */
  record CallerTime(Clock clock) implements TimeSource {
    /** Lua numbers are doubles: integers are exact below 2^53 (about 285 years of microseconds). */
    public static final long MAX_MICROS = (1L << 53) - 1;

    public CallerTime {
      Objects.requireNonNull(clock, "redis.timeSource: CALLER needs a clock; use TimeSource.REDIS for Redis's own time");
    }

    /**
     * The clock's now in whole microseconds.
     *
     * @throws IllegalStateException naming the value when it is negative or beyond {@link #MAX_MICROS}
     */
    public long nowMicros() {
      long nanos = clock.nanos();
      long micros = Math.floorDiv(nanos, 1_000L);
      if (micros < 0 || micros > MAX_MICROS) {
        throw new IllegalStateException("redis.timeSource: the caller's clock reads " + nanos
            + " ns; CALLER time must lie in [0, " + MAX_MICROS + "] µs so that Lua's doubles hold it exactly");
      }
      return micros;
    }

    @Override
    public String toString() {
      return "CALLER(" + clock + ")";
    }
  }
}
