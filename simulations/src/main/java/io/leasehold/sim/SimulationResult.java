package io.leasehold.sim;

import io.leasehold.sim.report.LimitTimeline;
import io.leasehold.sim.report.SystemSummary;
import io.leasehold.sim.report.TrackedQuotas;
import io.leasehold.sim.scenario.Scenario;
import java.util.List;
import java.util.Optional;

/** The outcome of {@link SimulationRunner#run}: one {@link SystemResult} per system, in run order. */
public record SimulationResult(
    Scenario scenario, List<SystemResult> systems, TrackedQuotas tracked, LimitTimeline limits) {

  public SimulationResult {
    systems = List.copyOf(systems);
  }

  public List<SystemSummary> summaries() {
    return systems.stream().map(SystemResult::summary).toList();
  }

  public Optional<SystemResult> system(String name) {
    return systems.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
