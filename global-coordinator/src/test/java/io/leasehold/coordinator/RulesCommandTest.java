package io.leasehold.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cli = new CommandLine(new RulesCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void validateAcceptsAGoodFileAndListsEveryProblemOfABadOne() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), """
        rules:
          - id: search
            key: constant
            limits: [ { rate: 100/s } ]
        """);
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        rules:
          - id: search
            key: constant
            scope: sideways
            limits: [ { rate: 100/x } ]
        """);
    assertThat(run("validate", good.toString())).isZero();
    assertThat(out.toString()).contains("good.yaml: valid (1 rules)");
    assertThat(run("validate", good.toString(), bad.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("bad.yaml: rules[0].scope").contains("bad.yaml: rules[0].limits[0].rate");
  }

  @Test
  void anUnreachableCoordinatorIsAOneLineErrorAndExitOne() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), "rules: []\n");
    assertThat(run("apply", good.toString(), "--server", "http://127.0.0.1:1", "--token", "x")).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: ").doesNotContain("Exception\n\tat");
  }

  @Test
  void theLineDiffKeepsCommonLines() {
    assertThat(RulesCommand.lineDiff(List.of("a", "b", "c"), List.of("a", "x", "c")))
        .containsExactly("  a", "+ x", "- b", "  c");
  }
}
