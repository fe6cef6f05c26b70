package io.leasehold.sim.scenario;

/** One thing wrong in a scenario file: where ({@code traffic[2].keys.exponent}), what was there, and why it is wrong. */
public record Problem(String path, String value, String reason) {
  @Override
  public String toString() {
    return path + ": " + (value == null ? "(missing)" : value) + " — " + reason;
  }
}
