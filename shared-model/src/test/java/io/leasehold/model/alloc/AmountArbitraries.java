package io.leasehold.model.alloc;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Demands and capacities for the fair-share properties: small ones that tie and collide, and large ones. */
public final class AmountArbitraries {
  /** Large amounts: 64 of them still sum within a long. */
  private static final long LARGE = RateBurst.MAX_AMOUNT / 64;

  private AmountArbitraries() {}

  /** Lists of {@code minSize..maxSize} demands, two thirds of them 0-50. */
  public static Arbitrary<List<Long>> demands(int minSize, int maxSize) {
    Arbitrary<Long> small = Arbitraries.longs().between(0, 50);
    Arbitrary<Long> any = Arbitraries.longs().between(0, LARGE);
    return Arbitraries.oneOf(small, small, any).list().ofMinSize(minSize).ofMaxSize(maxSize);
  }

  /** Capacities, half of them up to {@code smallMax}. */
  public static Arbitrary<Long> capacities(long smallMax) {
    return Arbitraries.oneOf(Arbitraries.longs().between(0, smallMax), Arbitraries.longs().between(0, LARGE));
  }
}
