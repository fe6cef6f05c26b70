package io.leasehold.coordinator.core;

import io.leasehold.model.alloc.RateBurst;
import io.leasehold.model.message.MicroTokens;

/**
 * Conversions at the seam between the wire (micro-tokens/s, whole tokens) and the allocator
 * (milli-tokens). What is granted is rounded down and what may be held is rounded up, so that a
 * conversion never creates capacity (shared-model/docs/protocol.md, "Units at the seams").
 */
final class Units {
  static final long MICRO_PER_MILLI = 1_000L;

  private Units() {}

  static long tokensToMilli(long tokens) {
    return Math.min(RateBurst.MAX_AMOUNT, Math.multiplyExact(tokens, RateBurst.MILLI_PER_TOKEN));
  }

  /** A granted burst: whole tokens, rounded down. */
  static long milliToTokensFloor(long milli) {
    return milli / RateBurst.MILLI_PER_TOKEN;
  }

  /** A granted rate on the wire, capped at the largest wire rate. */
  static long milliRateToMicro(long milliPerSecond) {
    long bounded = Math.min(milliPerSecond, MicroTokens.MAX_PER_SECOND / MICRO_PER_MILLI);
    return bounded * MICRO_PER_MILLI;
  }

  /** A held or wanted rate from the wire, rounded up (counting it must not under-count). */
  static long microRateToMilliCeil(long microPerSecond) {
    return Math.min(RateBurst.MAX_AMOUNT, (microPerSecond + MICRO_PER_MILLI - 1) / MICRO_PER_MILLI);
  }

  static long millisToNanos(long millis) {
    return Math.multiplyExact(millis, 1_000_000L);
  }

  static long nanosToMillisFloor(long nanos) {
    return nanos / 1_000_000L;
  }

  static RateBurst min(RateBurst a, RateBurst b) {
    return new RateBurst(Math.min(a.rate(), b.rate()), Math.min(a.burst(), b.burst()));
  }

  static RateBurst saturatingPlus(RateBurst a, RateBurst b) {
    return new RateBurst(Math.min(RateBurst.MAX_AMOUNT, a.rate() + b.rate()),
        Math.min(RateBurst.MAX_AMOUNT, a.burst() + b.burst()));
  }

  /** {@code a − b} per component, floored at zero. */
  static RateBurst monus(RateBurst a, RateBurst b) {
    return new RateBurst(Math.max(0, a.rate() - b.rate()), Math.max(0, a.burst() - b.burst()));
  }
}
