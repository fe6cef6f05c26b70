package io.leasehold.model.alloc;

import java.time.Duration;

/**
 * Settings of a {@link GrantLedger}.
 *
 * @param ttlNanos grant validity given to children
 * @param safetyMarginNanos added on the parent's side before a grant counts as expired. The child
 *     starts its TTL when it sends its request, which precedes the parent's issue time, so in real
 *     time the child stops first as long as both clocks tick at the same rate; the margin covers
 *     the rate difference of two monotonic clocks (NTP slews at most 500 ppm) and scheduling slack.
 * @param policy headroom policy for the targets
 */
public record LedgerSettings(long ttlNanos, long safetyMarginNanos, AllocationPolicy policy) {
  public LedgerSettings {
    if (ttlNanos <= 0) {
      throw new IllegalArgumentException("ttlNanos: " + ttlNanos + " must be positive");
    }
    if (safetyMarginNanos < 0) {
      throw new IllegalArgumentException("safetyMarginNanos: " + safetyMarginNanos + " is negative");
    }
    if (policy == null) {
      throw new IllegalArgumentException("policy: must not be null");
    }
  }

  /**
   * The given TTL with the default margin, 1 % of the TTL + 10 ms: twenty times the worst NTP slew
   * rate, plus room for a GC pause between reading the clock and stamping the grant.
   */
  public static LedgerSettings of(Duration ttl) {
    long ttlNanos = ttl.toNanos();
    return new LedgerSettings(ttlNanos, ttlNanos / 100 + 10_000_000L, AllocationPolicy.DEFAULT);
  }

  public LedgerSettings withPolicy(AllocationPolicy newPolicy) {
    return new LedgerSettings(ttlNanos, safetyMarginNanos, newPolicy);
  }

  /** How long after issue the parent keeps counting a grant as outstanding. */
  public long outstandingNanos() {
    return Math.addExact(ttlNanos, safetyMarginNanos);
  }
}
