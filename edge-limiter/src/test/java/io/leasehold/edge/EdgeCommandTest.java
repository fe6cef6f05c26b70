package io.leasehold.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EdgeCommandTest {

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new EdgeCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void aBadConfigIsReportedFieldByFieldWithoutAStackTrace(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("edge.yaml"), "listen: { port: -1 }\nstandalone: true\n");
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("listen.port: -1: must be an integer in [0, 65535]")
        .contains("rules_file: (missing)").doesNotContain("Exception");
  }

  @Test
  void checkConfigValidatesTheRulesFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("rules.yaml"), """
        rules:
          - id: api
            match: { path: "/api/**" }
            key: header:X-Api-Key
            limits: [ { rate: 100/s } ]
        """);
    Path config = Files.writeString(dir.resolve("edge.yaml"),
        "listen: { host: 127.0.0.1, port: 0 }\nrules_file: rules.yaml\ninstances: 1\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(run(out, err, "--config", config.toString(), "--standalone", "--check-config")).isEqualTo(0);
    assertThat(out.toString()).contains("config ok: 1 rules");

    Files.writeString(dir.resolve("rules.yaml"), "rules: [ { id: api, limits: [ { rate: 10/x } ] } ]");
    err = new StringWriter();
    assertThat(run(new StringWriter(), err, "--config", config.toString(), "--standalone", "--check-config"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("invalid rules:").contains("rules[0].limits[0].rate");
  }
}
