package io.leasehold.sim.net;

/**
 * One-way delivery model of a link: every message takes {@code latency + U[0, jitter)} and is lost
 * with probability {@code loss}. Latency is therefore the minimum one-way delay, never undercut.
 */
public record LinkProfile(long latencyNanos, long jitterNanos, double loss) {
  public LinkProfile {
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos: " + latencyNanos + " is negative");
    }
    if (jitterNanos < 0) {
      throw new IllegalArgumentException("jitterNanos: " + jitterNanos + " is negative");
    }
    if (!(loss >= 0.0 && loss <= 1.0)) {
      throw new IllegalArgumentException("loss: " + loss + " is not a probability in [0, 1]");
    }
  }

  public static LinkProfile ofMillis(double latencyMs, double jitterMs, double loss) {
    return new LinkProfile(Math.round(latencyMs * 1e6), Math.round(jitterMs * 1e6), loss);
  }
}
