package io.leasehold.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.sim.SimulationOptions;
import io.leasehold.sim.SimulationResult;
import io.leasehold.sim.SimulationRunner;
import io.leasehold.sim.reference.IdealSystem;
import io.leasehold.sim.report.HtmlReport;
import io.leasehold.sim.report.JsonSummaryWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped scenario loads, and runs in a short form against the ideal and the baselines. */
class ScenarioLibraryTest {
  private static final Path LIBRARY = Path.of("scenarios");

  static Stream<Path> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(LIBRARY)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void libraryHoldsTheScenariosTheIssueAsksFor() throws IOException {
    assertThat(scenarios().map(p -> p.getFileName().toString())).contains(
        "steady-skewed.yaml", "follow-the-sun.yaml", "flash-crowd.yaml", "hot-key.yaml",
        "region-partition.yaml", "coordinator-failover.yaml", "rule-change.yaml",
        "key-flood.yaml", "million-keys.yaml", "regional-faults.yaml");
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void loadsAndRunsInShortForm(Path file, @TempDir Path out) throws IOException {
    Scenario scenario = ScenarioLoader.load(file);
    assertThat(scenario.name()).isEqualTo(file.getFileName().toString().replace(".yaml", ""));
    Scenario shortForm = scenario.withDuration(Math.min(scenario.durationNanos(), 3_000_000_000L));
    SimulationResult result = SimulationRunner.run(shortForm, SimulationOptions.defaults());
    assertThat(result.summaries()).extracting(s -> s.system())
        .containsExactly("ideal", "independent", "static_split", "central_store");
    var ideal = result.system(IdealSystem.NAME).orElseThrow().summary();
    assertThat(ideal.requests()).isPositive();
    assertThat(ideal.falseAdmitPct()).isZero();
    assertThat(ideal.falseRejectPct()).isZero();
    if (!Double.isNaN(ideal.overAdmissionMaxPct())) {
      assertThat(ideal.overAdmissionMaxPct()).isZero();
    }
    Path index = HtmlReport.write(result, out);
    JsonSummaryWriter.write(shortForm, result.summaries(), out.resolve("summary.json"));
    assertThat(Files.readString(index)).contains("<img src=\"charts/");
    assertThat(Files.readString(out.resolve("summary.json"))).contains("\"over_admission_p999_pct\"");
    try (Stream<Path> charts = Files.list(out.resolve("charts"))) {
      assertThat(charts.toList()).isNotEmpty().allSatisfy(p -> assertThat(p.toString()).endsWith(".svg"));
    }
  }
}
