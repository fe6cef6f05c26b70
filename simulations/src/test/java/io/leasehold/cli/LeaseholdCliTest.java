package io.leasehold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LeaseholdCliTest {
  private static String run(String... args) {
    CommandLine cli = LeaseholdCli.newCommandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    int code = cli.execute(args);
    assertThat(code).as("exit code of leasehold %s", String.join(" ", args)).isZero();
    return out.toString();
  }

  @Test
  void helpListsEveryCommand() {
    String help = run("--help");
    assertThat(help).contains("Usage: leasehold").contains("demo");
    for (String sub : LeaseholdCli.newCommandLine().getSubcommands().keySet()) {
      assertThat(help).contains(sub);
    }
  }

  @Test
  void simulateOffersTheRealRedisOption() {
    assertThat(run("simulate", "--help")).contains("--redis").contains("redis-server");
  }

  @Test
  void unknownCommandIsAnErrorNotACrash() {
    CommandLine cli = LeaseholdCli.newCommandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("no-such-command")).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-command");
  }

  @Test
  void simulateRunsOnlyTheNamedSystemsAndEndsWithItsSpeed() {
    String out = run("simulate", "--scenario", "steady-skewed", "--duration", "1", "--systems", "leasehold,ideal");
    assertThat(out).contains("leasehold").contains("ideal").doesNotContain("central_store")
        .doesNotContain("independent");
    assertThat(out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow())
        .matches("virtual_seconds=1 wall_seconds=\\d+\\.\\d{2} virtual_over_wall=\\d+\\.\\d");
  }

  @Test
  void simulateNamesAnUnknownSystemAndTheKnownOnes() {
    CommandLine cli = LeaseholdCli.newCommandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("simulate", "--scenario", "steady-skewed", "--systems", "leasehold,doorman")).isEqualTo(2);
    assertThat(err.toString()).contains("--systems: doorman is not a system of this run")
        .contains("leasehold, ideal, independent, static_split, central_store");
  }
}
