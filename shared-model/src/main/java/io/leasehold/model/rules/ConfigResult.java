package io.leasehold.model.rules;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of reading a configuration: a value, or every problem found (never both; a config
 * with any problem yields nothing).
 */
public final class ConfigResult<T> {
  private final T value;
  private final List<ConfigProblem> problems;

  private ConfigResult(T value, List<ConfigProblem> problems) {
    this.value = value;
    this.problems = problems;
  }

  public static <T> ConfigResult<T> valid(T value) {
    return new ConfigResult<>(Objects.requireNonNull(value), List.of());
  }

  public static <T> ConfigResult<T> invalid(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid result needs at least one problem");
    }
    return new ConfigResult<>(null, List.copyOf(problems));
  }

  public boolean isValid() {
    return value != null;
  }

  /** The value; throws {@link IllegalStateException} listing the problems when invalid. */
  public T value() {
    if (value == null) {
      throw new IllegalStateException("invalid configuration:\n" + describeProblems());
    }
    return value;
  }

  /** Every problem, in document order; empty when valid. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /** One problem per line. */
  public String describeProblems() {
    return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigResult<?> other && Objects.equals(value, other.value) && problems.equals(other.problems);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, problems);
  }

  @Override
  public String toString() {
    return isValid() ? "valid: " + value : "invalid:\n" + describeProblems();
  }
}
