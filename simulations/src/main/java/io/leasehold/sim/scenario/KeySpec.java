package io.leasehold.sim.scenario;

import io.leasehold.sim.traffic.KeySampler;
import io.leasehold.sim.traffic.UniformKeySampler;
import io.leasehold.sim.traffic.ZipfKeySampler;

/**
 * Key popularity of a stream: {@code count} keys starting at key index {@code offset}, uniform or
 * Zipf with {@code exponent} (rank 0 — key {@code offset} — hottest).
 */
public record KeySpec(Distribution distribution, long count, double exponent, long offset) {
  public enum Distribution {
    UNIFORM,
    ZIPF
  }

  public static final KeySpec SINGLE = new KeySpec(Distribution.UNIFORM, 1, 0, 0);

  public KeySampler sampler() {
    return distribution == Distribution.ZIPF
        ? new ZipfKeySampler(count, exponent)
        : new UniformKeySampler(count);
  }
}
