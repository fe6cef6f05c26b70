package io.leasehold.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AggregatorCommandTest {
  @TempDir Path dir;

  private int run(Map<String, String> env, StringWriter out, StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new AggregatorCommand(env));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void check_validates_the_file_with_environment_overrides() throws Exception {
    Path config = dir.resolve("aggregator.yaml");
    Files.writeString(config, "regions: [us-east, eu-west]\nredis: { url: 'redis://localhost:6379' }\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = run(Map.of("LEASEHOLD_SYNC_TOKEN", "a-token-of-sixteen-chars"), out, err,
        "--region", "eu-west", "--config", config.toString(), "--check");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("configuration is valid", "region=eu-west").doesNotContain("sixteen");
  }

  @Test
  void an_invalid_configuration_exits_2_listing_every_problem() throws Exception {
    Path config = dir.resolve("aggregator.yaml");
    Files.writeString(config, "server: { port: -1 }\n");
    StringWriter err = new StringWriter();
    int code = run(Map.of(), new StringWriter(), err, "--config", config.toString(), "--check");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("region: (missing)", "regions: (missing)", "server.port: -1: must be an integer in [0, 65535]",
        "auth.token: (missing)", "redis.url: (missing)");
  }

  @Test
  void a_missing_explicit_file_is_an_error() {
    StringWriter err = new StringWriter();
    assertThat(run(Map.of(), new StringWriter(), err, "--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("nope.yaml").contains("cannot be read");
  }
}
