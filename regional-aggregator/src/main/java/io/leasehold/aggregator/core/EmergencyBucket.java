package io.leasehold.aggregator.core;

import io.leasehold.model.message.MicroTokens;

/**
 * The in-memory token bucket a replica grants from while the store is unavailable: refilled at
 * the quota's emergency rate up to its emergency burst, so that over an outage of length T it
 * hands out at most {@code rate × T} tokens per quota. It starts empty (edges still hold the
 * leases they had when the store went away; a full start would admit a burst on top of them) and
 * is dropped as soon as the store answers again, so each outage starts empty.
 */
final class EmergencyBucket {
  private long rateMicro;
  private long capacityMicro;
  private long levelMicro;
  private long lastNanos;

  EmergencyBucket(long rateMicro, long burstTokens, long nowNanos) {
    this.rateMicro = rateMicro;
    this.capacityMicro = Math.multiplyExact(burstTokens, MicroTokens.PER_TOKEN);
    this.levelMicro = 0;
    this.lastNanos = nowNanos;
  }

  /** Refills to now, applies a new rate and burst (dropping what exceeds it), and takes up to {@code tokens}. */
  long take(long tokens, long rateMicro, long burstTokens, long nowNanos) {
    refill(nowNanos);
    this.rateMicro = rateMicro;
    this.capacityMicro = Math.multiplyExact(burstTokens, MicroTokens.PER_TOKEN);
    levelMicro = Math.min(levelMicro, capacityMicro);
    long granted = Math.min(tokens, levelMicro / MicroTokens.PER_TOKEN);
    levelMicro -= granted * MicroTokens.PER_TOKEN;
    return granted;
  }

  private void refill(long nowNanos) {
    long elapsed = Math.min(Math.max(0, nowNanos - lastNanos), MicroTokens.MAX_ACCRUAL_NANOS);
    lastNanos = Math.max(lastNanos, nowNanos);
    long room = capacityMicro - levelMicro;
    if (room > 0 && elapsed > 0) {
      levelMicro += Math.min(room, MicroTokens.accrued(rateMicro, elapsed));
    }
  }
}
