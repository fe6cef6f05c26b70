package io.leasehold.sim;

import io.leasehold.sim.reference.CentralStoreSystem;
import io.leasehold.sim.reference.ExactTokenBucket;
import io.leasehold.sim.reference.IdealSystem;
import io.leasehold.sim.reference.RegionalBucketsSystem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How to run a scenario.
 *
 * @param systems one fresh instance per run is taken from each supplier, in order
 * @param trackedKeysPerRule hottest keys per per-key rule whose time series are kept
 * @param limiters exact limiter used by the ideal and the baselines
 * @param drainNanos virtual time after the end of traffic allowed for pending decisions to finish
 * @param threads threads for a run with a lane per region (0: one per available processor); the
 *     result does not depend on it
 */
public record SimulationOptions(
    List<Supplier<SimulatedSystem>> systems,
    int trackedKeysPerRule,
    LimiterFactory limiters,
    long drainNanos,
    int threads) {

  public SimulationOptions {
    systems = List.copyOf(systems);
    if (systems.isEmpty()) {
      throw new IllegalArgumentException("systems: empty; name at least one system to simulate");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads: " + threads + " must be ≥ 0 (0: one per processor)");
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
        4, ExactTokenBucket.factory(), 5_000_000_000L, 0);
  }

  /** These options with {@code system} run first (e.g. the Leasehold adapter). */
  public SimulationOptions withFirst(Supplier<SimulatedSystem> system) {
    List<Supplier<SimulatedSystem>> list = new ArrayList<>();
    list.add(system);
    list.addAll(systems);
    return new SimulationOptions(list, trackedKeysPerRule, limiters, drainNanos, threads);
  }

  /**
   * These options with only the systems named in {@code names} (by {@link SimulatedSystem#name()}),
   * in their original order: e.g. the Leasehold adapter alone, for a scale run where the baselines
   * would only add wall time. The ideal reference still runs in lockstep inside every run.
   *
   * @throws IllegalArgumentException naming the unknown or missing names and the systems there are
   */
  public SimulationOptions selecting(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("systems: empty; name at least one of " + String.join(", ", nameSystems().keySet()));
    }
    Map<String, Supplier<SimulatedSystem>> byName = nameSystems();
    List<String> unknown = names.stream().filter(n -> !byName.containsKey(n)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("systems: " + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
          + " not a system of this run; the systems are " + String.join(", ", byName.keySet()));
    }
    List<Supplier<SimulatedSystem>> kept = new ArrayList<>();
    byName.forEach((name, system) -> {
      if (names.contains(name)) {
        kept.add(system);
      }
    });
    return withSystems(kept);
  }

  /** The systems by name, in run order (an instance of each is made to ask its name; systems start only in {@code start}). */
  private Map<String, Supplier<SimulatedSystem>> nameSystems() {
    Map<String, Supplier<SimulatedSystem>> byName = new LinkedHashMap<>();
    for (Supplier<SimulatedSystem> system : systems) {
      byName.put(system.get().name(), system);
    }
    return byName;
  }

  public SimulationOptions withSystems(List<Supplier<SimulatedSystem>> newSystems) {
    return new SimulationOptions(newSystems, trackedKeysPerRule, limiters, drainNanos, threads);
  }

  public SimulationOptions withTrackedKeysPerRule(int keys) {
    return new SimulationOptions(systems, keys, limiters, drainNanos, threads);
  }

  /** These options with {@code count} threads for runs with a lane per region (0: one per processor). */
  public SimulationOptions withThreads(int count) {
    return new SimulationOptions(systems, trackedKeysPerRule, limiters, drainNanos, count);
  }
}
