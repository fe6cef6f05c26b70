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
}
