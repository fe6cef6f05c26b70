package io.leasehold.sim.traffic;

import java.util.SplittableRandom;

/** Draws the key (a dense index in {@code [0, keyCount)}) of the next request. */
public interface KeySampler {
  long sample(SplittableRandom rng);

  long keyCount();
}
