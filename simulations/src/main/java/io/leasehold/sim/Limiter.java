package io.leasehold.sim;

import java.util.List;

/**
 * An exact local limiter for one quota, used by the ideal reference and the baselines. Kept as an
 * interface so the reference can switch to shared-model's token bucket without touching callers.
 */
public interface Limiter {
  /** Takes {@code cost} tokens at {@code nowNanos} from every limit if all have them. */
  boolean tryAcquire(long nowNanos, long cost);

  /**
   * Applies new limits (rule change). Tokens already held are kept, capped at the new burst
   * (Bucket4j's AS_IS), so a decrease takes effect at once and an increase does not mint tokens.
   */
  void reconfigure(List<LimitSpec> limits, long nowNanos);
}
