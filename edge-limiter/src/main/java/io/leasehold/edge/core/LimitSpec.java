package io.leasehold.edge.core;

import io.leasehold.edge.LimitPolicy;
import io.leasehold.model.bucket.Rate;
import io.leasehold.model.rules.Algorithm;
import io.leasehold.model.rules.Limit;

/** One limit of a rule, prepared for the request path. */
final class LimitSpec {
  final int index;
  final Rate rate;
  final long burst;
  final boolean slidingWindow;
  final LimitPolicy policy;
  /** Nanoseconds the configured rate takes per token: a retry estimate when the lease cannot tell. */
  final long nanosPerToken;
  /** Starter tokens of an unseen key on this limit (0 for a rule that waits instead). */
  final long starterAllowance;
  /** The latest floor rate a lease of this limit carried: the guess for a key that never got a lease. */
  volatile long learnedFloorMicro;

  LimitSpec(int index, String ruleId, Limit limit, long starterAllowance) {
    this.index = index;
    this.rate = limit.rate().toBucketRate();
    this.burst = limit.burst();
    this.slidingWindow = limit.algorithm() == Algorithm.SLIDING_WINDOW;
    long windowSeconds = Math.max(1, limit.rate().periodNanos() / 1_000_000_000L);
    this.policy = LimitPolicy.of(ruleId, index, limit.rate().tokens(), windowSeconds);
    this.nanosPerToken = Math.max(1, limit.rate().periodNanos() / limit.rate().tokens());
    this.starterAllowance = Math.min(starterAllowance, limit.burst());
  }

  /** Nanoseconds the configured rate takes to accrue {@code cost} tokens, saturating. */
  long nanosFor(long cost) {
    return Math.multiplyHigh(nanosPerToken, cost) == 0 && nanosPerToken * cost >= 0
        ? nanosPerToken * cost
        : Long.MAX_VALUE;
  }
}
