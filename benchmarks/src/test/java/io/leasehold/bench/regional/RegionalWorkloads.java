package io.leasehold.bench.regional;

import io.leasehold.bench.LimitWorkload;

/** The limit every design of the regional bench enforces per key. */
public final class RegionalWorkloads {
  /**
   * 5M tokens/s, burst 500k per key: high enough that the limit itself throttles no design on
   * this machine, so decisions/s measures each design's cost, not the limit.
   */
  public static final LimitWorkload PER_KEY_LIMIT = new LimitWorkload("regional", 1, 5_000_000, 500_000);

  private RegionalWorkloads() {}
}
