package io.leasehold.sim;

import java.util.List;

/** Creates a full {@link Limiter} for one quota. */
@FunctionalInterface
public interface LimiterFactory {
  Limiter create(List<LimitSpec> limits, long nowNanos);
}
