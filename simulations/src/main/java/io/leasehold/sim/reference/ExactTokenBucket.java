package io.leasehold.sim.reference;

import io.leasehold.sim.LimitSpec;
import io.leasehold.sim.Limiter;
import io.leasehold.sim.LimiterFactory;
import java.util.List;

/**
 * Continuous token bucket(s) for one quota, refilled from virtual time at every call; several
 * limits are AND-ed (a request takes tokens from all or from none). Starts full.
 *
 * <p>The simulator's own exact bucket, used until shared-model's {@code TokenBucket} is available
 * behind the {@link Limiter} interface. Tokens are doubles: rounding error stays below 1e-9 tokens,
 * absorbed by comparing with that tolerance.
 */
public final class ExactTokenBucket implements Limiter {
  private static final double TOLERANCE = 1e-9;

  private double[] perNano;
  private double[] burst;
  private double[] tokens;
  private long lastNanos;

  public ExactTokenBucket(List<LimitSpec> limits, long nowNanos) {
    if (limits.isEmpty()) {
      throw new IllegalArgumentException("limits: empty; a quota needs at least one limit");
    }
    int n = limits.size();
    perNano = new double[n];
    burst = new double[n];
    tokens = new double[n];
    for (int i = 0; i < n; i++) {
      perNano[i] = limits.get(i).ratePerSecond() / 1e9;
      burst[i] = limits.get(i).burst();
      tokens[i] = burst[i];
    }
    lastNanos = nowNanos;
  }

  public static LimiterFactory factory() {
    return ExactTokenBucket::new;
  }

  @Override
  public boolean tryAcquire(long nowNanos, long cost) {
    refill(nowNanos);
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] + TOLERANCE < cost) {
        return false;
      }
    }
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] -= cost;
    }
    return true;
  }

  @Override
  public void reconfigure(List<LimitSpec> limits, long nowNanos) {
    refill(nowNanos);
    double[] oldTokens = tokens;
    int n = limits.size();
    perNano = new double[n];
    burst = new double[n];
    tokens = new double[n];
    for (int i = 0; i < n; i++) {
      perNano[i] = limits.get(i).ratePerSecond() / 1e9;
      burst[i] = limits.get(i).burst();
      tokens[i] = i < oldTokens.length ? Math.min(oldTokens[i], burst[i]) : burst[i];
    }
  }

  /** Tokens of the first limit now (for tests and debugging). */
  public double available(long nowNanos) {
    refill(nowNanos);
    return tokens[0];
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed <= 0) {
      return;
    }
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = Math.min(burst[i], tokens[i] + elapsed * perNano[i]);
    }
    lastNanos = nowNanos;
  }
}
