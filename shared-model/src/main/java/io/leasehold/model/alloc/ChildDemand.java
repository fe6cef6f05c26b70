package io.leasehold.model.alloc;

/**
 * What the allocator knows about one child (a region for the coordinator, an edge for an
 * aggregator) when it computes shares.
 *
 * @param demandRate estimated demand, milli-tokens/s (see {@link DemandEstimator})
 * @param floorRate guaranteed minimum, milli-tokens/s; granted whatever the demand, because the
 *     child falls back to it when the parent is unreachable
 * @param weight relative share when capacity is contested, {@value #MIN_WEIGHT}..{@value #MAX_WEIGHT}
 * @param band priority band, {@value #MIN_BAND}..{@value #MAX_BAND}; higher bands are served first
 */
public record ChildDemand(long demandRate, long floorRate, int weight, int band) {
  public static final int MIN_WEIGHT = 1;
  public static final int MAX_WEIGHT = 1_000_000;
  public static final int MIN_BAND = 0;
  public static final int MAX_BAND = 1_000;

  public ChildDemand {
    RateBurst.requireAmount("demandRate", demandRate);
    RateBurst.requireAmount("floorRate", floorRate);
    if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException(
          "weight: " + weight + " is outside " + MIN_WEIGHT + ".." + MAX_WEIGHT);
    }
    if (band < MIN_BAND || band > MAX_BAND) {
      throw new IllegalArgumentException("band: " + band + " is outside " + MIN_BAND + ".." + MAX_BAND);
    }
  }

  /** Demand with weight 1, band 0 and no floor. */
  public static ChildDemand of(long demandRate) {
    return new ChildDemand(demandRate, 0, 1, 0);
  }

  public ChildDemand withDemandRate(long newDemandRate) {
    return new ChildDemand(newDemandRate, floorRate, weight, band);
  }
}
