package io.leasehold.edge;

import java.util.List;

/** A configuration that cannot be used; each problem names the field, the value and the reason. */
public final class EdgeConfigException extends RuntimeException {
  private final List<String> problems;

  public EdgeConfigException(List<String> problems) {
    super(String.join("\n", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
