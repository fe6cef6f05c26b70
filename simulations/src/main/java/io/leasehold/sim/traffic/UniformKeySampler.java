package io.leasehold.sim.traffic;

import java.util.SplittableRandom;

/** Every key equally likely. */
public record UniformKeySampler(long keyCount) implements KeySampler {
  public UniformKeySampler {
    if (keyCount < 1) {
      throw new IllegalArgumentException("keyCount: " + keyCount + " must be at least 1");
    }
  }

  @Override
  public long sample(SplittableRandom rng) {
    return keyCount == 1 ? 0 : rng.nextLong(keyCount);
  }
}
