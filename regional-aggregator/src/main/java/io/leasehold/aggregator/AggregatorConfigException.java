package io.leasehold.aggregator;

import java.util.List;

/** The aggregator configuration is invalid; {@link #problems()} lists each as {@code path: value: reason}. */
public final class AggregatorConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public AggregatorConfigException(List<String> problems) {
    super("invalid aggregator configuration:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
