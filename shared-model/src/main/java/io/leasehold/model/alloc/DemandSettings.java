package io.leasehold.model.alloc;

/**
 * Parameters of {@link DemandEstimator}; all in per-mille.
 *
 * @param risePermille EWMA gain when the observed rate is above the average (0 < x ≤ 1000):
 *     high, so that rising demand is seen within a round or two
 * @param fallPermille EWMA gain when it is below (0 < x ≤ 1000)
 * @param saturationPermille a child that used at least this fraction of its grant may want more
 *     than it could show (0..1000)
 * @param growthPermille a saturated child's demand is at least its use times this (≥ 1000)
 */
public record DemandSettings(int risePermille, int fallPermille, int saturationPermille, int growthPermille) {
  /**
   * For an edge's or an edge share's demand. Rise 0.8, fall 0.25, so that a short lull in a key's
   * bursty traffic does not shrink its lease, and no growth allowance: in Leasehold every unmet
   * request is a denial that the edges report, so demand is consumed + denied and never hidden
   * behind a grant; a growth factor only inflates children whose demand is met, at the expense of
   * those whose demand is not (measured: steady-skewed utilisation 87 % with ×1.5, 95.8 % without).
   */
  public static final DemandSettings DEFAULT = new DemandSettings(800, 250, 900, 1000);

  /**
   * For a region's demand (the aggregator's report and the coordinator's estimate): falls as fast
   * as it rises. A region report's rate varies from report to report (it was once a count of the
   * edge reports that arrived in the interval; now it is the sum of per-edge rates, which varies
   * less), and an asymmetric average of a varying rate sits above its mean: with fall 0.25 a
   * region whose demand was met was estimated ~8 % high and max-min parked that capacity with it
   * (docs/allocator.md).
   */
  public static final DemandSettings REGION = new DemandSettings(800, 800, 900, 1000);

  public DemandSettings {
    requireIn("risePermille", risePermille, 1, 1000);
    requireIn("fallPermille", fallPermille, 1, 1000);
    requireIn("saturationPermille", saturationPermille, 0, 1000);
    requireIn("growthPermille", growthPermille, 1000, 100_000);
  }

  private static void requireIn(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + ": " + value + " is outside " + min + ".." + max);
    }
  }
}
