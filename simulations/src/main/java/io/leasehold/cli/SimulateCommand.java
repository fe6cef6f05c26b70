package io.leasehold.cli;

import io.leasehold.aggregator.QuotaStoreException;
import io.leasehold.local.MissingInfrastructureException;
import io.leasehold.sim.SimulationOptions;
import io.leasehold.sim.SimulationResult;
import io.leasehold.sim.leasehold.LeaseholdSystem;
import io.leasehold.sim.leasehold.RegionStores;
import io.leasehold.sim.leasehold.redis.RedisRegionStores;
import io.leasehold.sim.SimulationRunner;
import io.leasehold.sim.report.HtmlReport;
import io.leasehold.sim.report.JsonSummaryWriter;
import io.leasehold.sim.report.SummaryTable;
import io.leasehold.sim.scenario.RegionSpec;
import io.leasehold.sim.scenario.Scenario;
import io.leasehold.sim.scenario.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leasehold simulate}: one scenario, Leasehold against the ideal and the baselines. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run a traffic scenario in virtual time: Leasehold vs an ideal global limiter vs baselines.")
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "FILE|NAME",
      description = "Scenario YAML file, or the name of a shipped one (e.g. steady-skewed).")
  String scenario;

  @Option(names = "--json", paramLabel = "OUT.json", description = "Write the JSON summary here.")
  Path json;

  @Option(names = "--report", paramLabel = "DIR", description = "Write the HTML report (index.html + SVG charts) here.")
  Path report;

  @Option(names = "--seed", description = "Override the scenario's seed.")
  Long seed;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Override the scenario's duration (seconds).")
  Long durationSeconds;

  @Option(names = "--redis", description = "Run a real redis-server per region (needs redis-server on PATH) and "
      + "use the production Redis store in virtual time instead of the in-memory store. Same decisions, "
      + "much more wall time.")
  boolean redis;

  @Option(names = "--systems", split = ",", paramLabel = "NAME[,NAME...]",
      description = "Run only these systems (leasehold, ideal, independent, static_split, central_store); "
          + "default: all. The ideal reference still classifies every decision.")
  List<String> systemNames;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for a scenario with `lanes: per-region` (default: one per processor). "
          + "The result does not depend on it; single-lane scenarios always run on one thread.")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Scenario s;
    try {
      s = Scenarios.load(scenario);
    } catch (ScenarioException | IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (seed != null) {
      s = s.withSeed(seed);
    }
    if (durationSeconds != null) {
      if (durationSeconds < 1) {
        err.println("--duration: " + durationSeconds + " must be at least 1 second");
        return 2;
      }
      s = s.withDuration(Duration.ofSeconds(durationSeconds).toNanos());
    }
    if (threads != null && threads < 1) {
      err.println("--threads: " + threads + " must be at least 1");
      return 2;
    }
    if (systemNames != null) {
      try {
        systems(RegionStores.IN_MEMORY).selecting(systemNames); // validates the names before anything starts
      } catch (IllegalArgumentException e) {
        err.println("--" + e.getMessage());
        return 2;
      }
    }
    if (!redis) {
      run(s, select(systems(RegionStores.IN_MEMORY)), json, report, out, RegionStores.IN_MEMORY);
      return 0;
    }
    try (RedisRegionStores stores = RedisRegionStores.start(s.regions().stream().map(RegionSpec::name).toList())) {
      run(s, select(systems(stores)), json, report, out, stores);
      return 0;
    } catch (MissingInfrastructureException e) {
      err.println("leasehold simulate --redis: " + e.getMessage());
      return 1;
    } catch (QuotaStoreException e) {
      err.println("leasehold simulate --redis: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("leasehold simulate --redis: Redis did not start: " + e.getMessage());
      return 1;
    }
  }

  /** Runs every system on the scenario, prints the table, writes the JSON and the report. */
  static SimulationResult run(Scenario s, Path json, Path report, PrintWriter out) throws IOException {
    return run(s, systems(RegionStores.IN_MEMORY), json, report, out, RegionStores.IN_MEMORY);
  }

  /**
   * Runs {@code systems} on the scenario (Leasehold's regional stores in {@code stores}), prints
   * the table, writes the JSON and the report, and ends with the run's speed:
   * {@code virtual_seconds=… wall_seconds=… virtual_over_wall=…}, the wall time covering every
   * system's run with its metrics.
   */
  static SimulationResult run(Scenario s, SimulationOptions systems, Path json, Path report, PrintWriter out,
      RegionStores stores)
      throws IOException {
    out.printf("scenario %s: %d regions, %d edges, %.0f s virtual, seed %d%s%n", s.name(), s.regionCount(),
        s.totalEdges(), s.durationNanos() / 1e9, s.seed(), s.lanePerRegion() && s.regionCount() > 1
            ? ", a lane per region on " + Math.min(s.regionCount(), systems.threads() > 0 ? systems.threads()
                : Runtime.getRuntime().availableProcessors()) + " thread(s)" : "");
    if (stores != RegionStores.IN_MEMORY) {
      out.println("leasehold's regional stores: " + stores.describe());
    }
    out.flush();
    long wallStart = System.nanoTime(); // harness timing, not simulated time
    SimulationResult result = SimulationRunner.run(s, systems);
    double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
    out.println(SummaryTable.render(result.summaries()));
    if (json != null) {
      JsonSummaryWriter.write(s, result.summaries(), json);
      out.println("JSON summary: " + json.toAbsolutePath());
    }
    if (report != null) {
      Path index = HtmlReport.write(result, report);
      out.println("HTML report:  " + index.toAbsolutePath());
    }
    double virtualSeconds = s.durationNanos() / 1e9;
    out.printf(Locale.ROOT, "virtual_seconds=%.0f wall_seconds=%.2f virtual_over_wall=%.1f%n", virtualSeconds,
        wallSeconds, virtualSeconds / wallSeconds);
    out.flush();
    return result;
  }

  /** {@code all}, narrowed to the systems named by {@code --systems} when given. */
  private SimulationOptions select(SimulationOptions all) {
    SimulationOptions chosen = systemNames == null ? all : all.selecting(systemNames);
    return threads == null ? chosen : chosen.withThreads(threads);
  }

  /** The systems every simulation compares, Leasehold's regional stores in {@code stores}. */
  static SimulationOptions systems(RegionStores stores) {
    return SimulationOptions.defaults().withFirst(() -> new LeaseholdSystem(false, stores));
  }
}
