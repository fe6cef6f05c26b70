package io.leasehold.load.core;

/**
 * When each request of an open-loop stream is <em>meant</em> to start: request i at
 * {@code i / rate} seconds after the stream's start, whatever happened to the earlier ones. A sender
 * that falls behind sends at once and its latency still counts from the intended start, so a
 * stalled server shows up in the percentiles instead of silently slowing the load down
 * (coordinated omission).
 */
public final class OpenLoopSchedule {
  private final double intervalNanos;
  private final long durationNanos;

  public OpenLoopSchedule(double ratePerSecond, long durationNanos) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + ": must be > 0");
    }
    this.intervalNanos = 1e9 / ratePerSecond;
    this.durationNanos = durationNanos;
  }

  /** Offset of request {@code i} from the start, or -1 when it falls at or after the end. */
  public long offsetNanos(long i) {
    long offset = Math.round(i * intervalNanos);
    return offset < durationNanos ? offset : -1;
  }

  /** How many requests the schedule holds. */
  public long size() {
    return (long) Math.ceil(durationNanos / intervalNanos);
  }
}
