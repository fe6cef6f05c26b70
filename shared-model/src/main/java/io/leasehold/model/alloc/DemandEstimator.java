package io.leasehold.model.alloc;

import io.leasehold.model.alloc.core.ExactMath;

/**
 * Turns usage samples into a demand estimate for {@link FairShare} (DESIGN.md §3): consumed +
 * denied over the interval, smoothed by an asymmetric EWMA, plus a growth allowance so that a child
 * whose demand rises is not capped by its own previous grant. A child that only consumes what it
 * was granted shows nothing denied when its edges pace themselves; if it used ≥ the saturation
 * fraction of its grant, its estimate is at least {@code used × growth}, so its grant can grow
 * geometrically until it stops being saturated. Pure and deterministic.
 */
public final class DemandEstimator {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private final DemandSettings settings;

  public DemandEstimator(DemandSettings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings: must not be null");
    }
    this.settings = settings;
  }

  public DemandSettings settings() {
    return settings;
  }

  /**
   * The estimate after one more interval.
   *
   * @param previous the state after the previous interval ({@link DemandState#INITIAL} at first)
   * @param sample what happened in the interval
   * @param grantedRate the rate the child held during the interval, milli-tokens/s
   */
  public DemandState next(DemandState previous, UsageSample sample, long grantedRate) {
    long wanted = ExactMath.saturatingAdd(sample.consumed(), sample.denied());
    long observed = toRate(wanted, sample.intervalNanos());
    long used = toRate(sample.consumed(), sample.intervalNanos());
    long smoothed;
    if (previous.samples() == 0) {
      smoothed = observed;
    } else if (observed >= previous.smoothedRate()) {
      long gap = observed - previous.smoothedRate();
      // Rounded up on the way up and down on the way down, so the average reaches a steady rate.
      smoothed = previous.smoothedRate() + permilleRoundedUp(gap, settings.risePermille());
    } else {
      long gap = previous.smoothedRate() - observed;
      smoothed = previous.smoothedRate() - permilleRoundedUp(gap, settings.fallPermille());
    }
    long estimate = smoothed;
    boolean saturated =
        sample.denied() > 0
            || (grantedRate > 0
                && ExactMath.compareProducts(used, 1000, grantedRate, settings.saturationPermille()) >= 0);
    if (saturated) {
      long grown = clampedMulDiv(used, settings.growthPermille(), 1000);
      estimate = Math.max(estimate, grown);
    }
    return new DemandState(smoothed, estimate, previous.samples() + 1);
  }

  private static long toRate(long amount, long intervalNanos) {
    return clampedMulDiv(Math.min(amount, RateBurst.MAX_AMOUNT), NANOS_PER_SECOND, intervalNanos);
  }

  /** {@code min(MAX_AMOUNT, floor(a·b/c))} without overflow. */
  private static long clampedMulDiv(long a, long b, long c) {
    if (ExactMath.compareProducts(a, b, RateBurst.MAX_AMOUNT, c) >= 0) {
      return RateBurst.MAX_AMOUNT;
    }
    return ExactMath.mulDivFloor(a, b, c);
  }

  private static long permilleRoundedUp(long amount, int permille) {
    long floor = ExactMath.mulDivFloor(amount, permille, 1000);
    return ExactMath.mulMod(amount, permille, 1000) == 0 ? floor : floor + 1;
  }
}
