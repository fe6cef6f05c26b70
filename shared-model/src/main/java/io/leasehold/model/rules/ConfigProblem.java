package io.leasehold.model.rules;

/**
 * One thing wrong with a configuration.
 *
 * @param path where, e.g. {@code rules[2].limits[0].rate}; {@code config} for the document itself
 * @param value the offending value as JSON (truncated), or null when there is none (a missing field)
 * @param reason why it is wrong and what is expected
 */
public record ConfigProblem(String path, String value, String reason) {

  /** E.g. {@code rules[2].limits[0].rate: "10/x" is not a rate (expected N/s, N/m, N/h or N/d)}. */
  @Override
  public String toString() {
    return value == null ? path + ": " + reason : path + ": " + value + " " + reason;
  }
}
