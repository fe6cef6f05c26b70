package io.leasehold.cli;

import io.leasehold.sim.scenario.Scenario;
import io.leasehold.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a scenario: a file path, or the name of one shipped in the jar (simulations/scenarios). */
final class Scenarios {
  private Scenarios() {}

  static Scenario load(String fileOrName) {
    Path path = Path.of(fileOrName);
    if (Files.isRegularFile(path)) {
      return ScenarioLoader.load(path);
    }
    String name = fileOrName.endsWith(".yaml") ? fileOrName : fileOrName + ".yaml";
    try (InputStream in = Scenarios.class.getResourceAsStream("/scenarios/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("--scenario: \"" + fileOrName
            + "\" is neither a file nor a shipped scenario (see simulations/scenarios/)");
      }
      return ScenarioLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "scenarios/" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
