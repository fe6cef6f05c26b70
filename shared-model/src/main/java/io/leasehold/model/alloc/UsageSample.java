package io.leasehold.model.alloc;

/**
 * What a child did over one reporting interval.
 *
 * @param consumed milli-tokens admitted
 * @param denied milli-tokens refused (wanted but not admitted: demand the grant did not cover)
 * @param intervalNanos length of the interval, > 0
 */
public record UsageSample(long consumed, long denied, long intervalNanos) {
  public UsageSample {
    if (consumed < 0) {
      throw new IllegalArgumentException("consumed: " + consumed + " is negative");
    }
    if (denied < 0) {
      throw new IllegalArgumentException("denied: " + denied + " is negative");
    }
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("intervalNanos: " + intervalNanos + " must be positive");
    }
  }
}
