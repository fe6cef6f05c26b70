package io.leasehold.sim.engine;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Named, independent random streams derived from one scenario seed. A stream depends only on the
 * seed and its name, so adding a consumer elsewhere never shifts the numbers another one sees —
 * which keeps traffic identical across the systems compared in one run.
 */
public final class Rngs {
  private final long seed;

  public Rngs(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  public SplittableRandom stream(String name) {
    long h = 0xcbf29ce484222325L; // FNV-1a over the UTF-8 name
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return new SplittableRandom(mix64(seed ^ mix64(h)));
  }

  /** SplitMix64 finaliser: spreads nearby seeds across the whole state space. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
