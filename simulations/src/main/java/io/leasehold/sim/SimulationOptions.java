package io.leasehold.sim;

import io.leasehold.sim.reference.CentralStoreSystem;
import io.leasehold.sim.reference.ExactTokenBucket;
import io.leasehold.sim.reference.IdealSystem;
import io.leasehold.sim.reference.RegionalBucketsSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How to run a scenario.
 *
 * @param systems one fresh instance per run is taken from each supplier, in order
 * @param trackedKeysPerRule hottest keys per per-key rule whose time series are kept
 * @param limiters exact limiter used by the ideal and the baselines
 * @param drainNanos virtual time after the end of traffic allowed for pending decisions to finish
 */
public record SimulationOptions(
    List<Supplier<SimulatedSystem>> systems,
    int trackedKeysPerRule,
    LimiterFactory limiters,
    long drainNanos) {

  public SimulationOptions {
    systems = List.copyOf(systems);
    if (systems.isEmpty()) {
      throw new IllegalArgumentException("systems: empty; name at least one system to simulate");
    }
    if (trackedKeysPerRule < 1) {
      throw new IllegalArgumentException("trackedKeysPerRule: " + trackedKeysPerRule + " must be ≥ 1");
    }
  }

  /** The ideal reference and the three baselines. */
  public static SimulationOptions defaults() {
    return new SimulationOptions(
        List.of(IdealSystem::new, RegionalBucketsSystem::independent,
            RegionalBucketsSystem::staticSplit, CentralStoreSystem::new),
        4, ExactTokenBucket.factory(), 5_000_000_000L);
  }

  /** These options with {@code system} run first (e.g. the Leasehold adapter). */
  public SimulationOptions withFirst(Supplier<SimulatedSystem> system) {
    List<Supplier<SimulatedSystem>> list = new ArrayList<>();
    list.add(system);
    list.addAll(systems);
    return new SimulationOptions(list, trackedKeysPerRule, limiters, drainNanos);
  }

  public SimulationOptions withSystems(List<Supplier<SimulatedSystem>> newSystems) {
    return new SimulationOptions(newSystems, trackedKeysPerRule, limiters, drainNanos);
  }

  public SimulationOptions withTrackedKeysPerRule(int keys) {
    return new SimulationOptions(systems, keys, limiters, drainNanos);
  }
}
