package io.leasehold.sim.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario file is malformed; lists every problem found, each with its field path. */
public final class ScenarioException extends RuntimeException {
  private final String source;
  private final List<Problem> problems;

  public ScenarioException(String source, List<Problem> problems) {
    super(source + ": invalid scenario\n  "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public String source() {
    return source;
  }

  public List<Problem> problems() {
    return problems;
  }
}
