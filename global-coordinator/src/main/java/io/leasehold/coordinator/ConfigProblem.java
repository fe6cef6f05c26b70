package io.leasehold.coordinator;

import java.util.Objects;

/**
 * One reason a proposed rule set was refused.
 *
 * @param path  where the problem is, e.g. {@code rules[api-per-key].limits[0].rate}
 * @param value the offending value as the user wrote it ({@code null} when a value is missing)
 * @param reason why it is wrong, phrased for the person who wrote it
 */
public record ConfigProblem(String path, String value, String reason) {
  public ConfigProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return path + (value == null ? "" : " = " + value) + ": " + reason;
  }
}
