package io.leasehold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.testsupport.Infra;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code leasehold simulate --redis}: a redis-server per region for the run, gone after it. */
class SimulateRedisIT {

  @BeforeAll
  static void needsRedisServer() {
    if (!Infra.onPath("redis-server")) {
      Infra.missing("redis-server", "simulate --redis starts the binary itself; install it "
          + "(Debian/Ubuntu: apt-get install redis-server)");
    }
  }

  @Test
  void runsOneRedisServerPerRegionAndStopsThemAtTheEnd(@TempDir Path dir) throws IOException {
    Path scenario = Files.writeString(dir.resolve("tiny.yaml"), """
        name: tiny
        seed: 3
        duration: 2s
        regions:
          - { name: east, edges: 2 }
          - { name: west, edges: 2 }
        rules:
          - id: api
            key: constant
            limits: [ { rate: 2000/s } ]
        traffic:
          - { region: east, rule: api, rate: { shape: constant, rps: 1500 } }
          - { region: west, rule: api, rate: { shape: constant, rps: 1000 } }
        """);
    Path json = dir.resolve("summary.json");
    CommandLine cli = LeaseholdCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("simulate", "--scenario", scenario.toString(), "--redis", "--json", json.toString());

    assertThat(code).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString()).contains("redis-server per region").contains("caller (virtual) time")
        .contains("leasehold");
    assertThat(Files.readString(json)).contains("\"leasehold\"");
    List<URI> servers = redisUrls(out.toString());
    assertThat(servers).hasSize(2);
    for (URI server : servers) {
      assertThat(listening(server)).as("%s stopped after the run", server).isFalse();
    }
  }

  private static List<URI> redisUrls(String output) {
    Matcher m = Pattern.compile("redis://127\\.0\\.0\\.1:\\d+").matcher(output);
    return m.results().map(r -> URI.create(r.group())).distinct().toList();
  }

  private static boolean listening(URI server) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
