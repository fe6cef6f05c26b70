package io.leasehold.sim;

/** One token-bucket limit: refill {@code ratePerSecond} tokens per second, hold at most {@code burst}. */
public record LimitSpec(double ratePerSecond, double burst) {
  public LimitSpec {
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + " must be a finite number ≥ 0");
    }
    if (!(burst >= 0) || Double.isInfinite(burst)) {
      throw new IllegalArgumentException("burst: " + burst + " must be a finite number ≥ 0");
    }
  }

  /** This limit divided evenly into {@code parts} (a static split). */
  public LimitSpec dividedBy(int parts) {
    return new LimitSpec(ratePerSecond / parts, burst / parts);
  }
}
