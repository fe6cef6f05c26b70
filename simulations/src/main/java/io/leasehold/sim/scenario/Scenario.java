package io.leasehold.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.leasehold.sim.net.LinkProfile;
import java.util.List;

/**
 * A validated simulation scenario (see {@link ScenarioLoader} for the file format).
 *
 * @param rules the rules list in the shared rules format, kept as an opaque tree for the cores
 * @param ruleLimits what the reference systems read from {@code rules}, in the same order
 * @param links one-way link profiles between regions (index = region), diagonal = intra-region
 * @param coordinatorRegion region hosting the coordinator leader (and the central store baseline)
 * @param requestTimeoutNanos client timeout of every request/response exchange between tiers
 * @param lanePerRegion run each region on its own event loop (a lane) for systems that support it,
 *     so regions can run on several cores ({@code lanes: per-region}; {@link io.leasehold.sim.engine.Lanes})
 */
public record Scenario(
    String name,
    String description,
    long seed,
    long durationNanos,
    long tickNanos,
    List<RegionSpec> regions,
    int coordinatorRegion,
    SyncSpec sync,
    LinkProfile[][] links,
    long requestTimeoutNanos,
    JsonNode rules,
    List<RuleLimits> ruleLimits,
    List<TrafficSpec> traffic,
    List<Fault> faults,
    boolean lanePerRegion) {

  public Scenario {
    regions = List.copyOf(regions);
    ruleLimits = List.copyOf(ruleLimits);
    traffic = List.copyOf(traffic);
    faults = List.copyOf(faults);
  }

  public int regionCount() {
    return regions.size();
  }

  public int totalEdges() {
    return regions.stream().mapToInt(RegionSpec::edges).sum();
  }

  public int regionIndex(String regionName) {
    for (int i = 0; i < regions.size(); i++) {
      if (regions.get(i).name().equals(regionName)) {
        return i;
      }
    }
    return -1;
  }

  /** Same scenario with one event loop for all regions ({@code false}) or a lane per region ({@code true}). */
  public Scenario withLanePerRegion(boolean perRegion) {
    return new Scenario(name, description, seed, durationNanos, tickNanos, regions,
        coordinatorRegion, sync, links, requestTimeoutNanos, rules, ruleLimits, traffic, faults, perRegion);
  }

  /** Same scenario with another seed (determinism checks, seed sweeps). */
  public Scenario withSeed(long newSeed) {
    return new Scenario(name, description, newSeed, durationNanos, tickNanos, regions,
        coordinatorRegion, sync, links, requestTimeoutNanos, rules, ruleLimits, traffic, faults, lanePerRegion);
  }

  /** Same scenario cut to a shorter duration (short CI forms); faults after the end never fire. */
  public Scenario withDuration(long newDurationNanos) {
    return new Scenario(name, description, seed, newDurationNanos, tickNanos, regions,
        coordinatorRegion, sync, links, requestTimeoutNanos, rules, ruleLimits, traffic, faults, lanePerRegion);
  }
}
