package io.leasehold.cli;

import io.leasehold.load.LoadReport;
import io.leasehold.load.LoadResult;
import io.leasehold.load.LoadSpec;
import io.leasehold.load.LoadStream;
import io.leasehold.load.StreamParser;
import io.leasehold.load.http.HttpLoadRunner;
import io.leasehold.local.process.Probes;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leasehold load}: open-loop HTTP load through sidecars on loopback, with a JSON summary. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
        "Sends open-loop traffic (fixed schedule of intended send times; latency from the intended start, "
            + "HdrHistogram) to sidecars on loopback and writes the simulator's JSON summary fields, measured "
            + "against the rules' limits, plus admitted tokens per quota per second.",
        "Example: leasehold load --rules rules.yaml --duration 20s "
            + "--stream 'region=us-east rate=300 targets=http://127.0.0.1:8101 path=/search' "
            + "--stream 'region=eu-west rate=300 targets=http://127.0.0.1:8201 path=/api/x key-header=X-Api-Key "
            + "keys=zipf:1000:1.1'"})
public final class LoadCommand implements Callable<Integer> {

  @Option(names = "--stream", required = true, paramLabel = "SPEC",
      description = "a stream: region=R rate=N targets=URL[,URL] [path=/p] [method=GET] [key-header=H] "
          + "[keys=constant|uniform:N|zipf:N:S] (repeatable)")
  List<String> streams = new ArrayList<>();

  @Option(names = "--rules", required = true, paramLabel = "FILE", description = "the rules the cluster enforces")
  Path rules;

  @Option(names = "--duration", defaultValue = "10", description = "seconds (default: ${DEFAULT-VALUE})")
  double durationSeconds;

  @Option(names = "--max-requests", defaultValue = "10000000", description = "stop after this many (default: ${DEFAULT-VALUE})")
  long maxRequests;

  @Option(names = "--deadline-ms", defaultValue = "1000", description = "client deadline per request (default: ${DEFAULT-VALUE})")
  long deadlineMillis;

  @Option(names = "--tracked-keys", defaultValue = "3", description = "hottest keys per rule with series (default: ${DEFAULT-VALUE})")
  int trackedKeys;

  @Option(names = "--redis-port", paramLabel = "PORT",
      description = "a regional Redis to read INFO commandstats from, for store_ops_per_decision (repeatable)")
  List<Integer> redisPorts = new ArrayList<>();

  @Option(names = "--edges", defaultValue = "0", description = "sidecars serving the run, for per-edge rates")
  int edges;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", description = "also write the JSON summary here")
  Path out;

  @Override
  public Integer call() throws Exception {
    LoadSpec spec;
    RuleSet ruleSet;
    try {
      List<LoadStream> parsed = streams.stream().map(StreamParser::parse).toList();
      spec = new LoadSpec(parsed, Duration.ofNanos((long) (durationSeconds * 1e9)), maxRequests,
          Duration.ofMillis(deadlineMillis), trackedKeys, seed);
      ConfigResult<RuleSet> read = RuleConfig.parseYaml(Files.readString(rules));
      if (!read.isValid()) {
        System.err.println("leasehold load: --rules " + rules + ":\n" + read.describeProblems());
        return 2;
      }
      ruleSet = read.value();
    } catch (IllegalArgumentException e) {
      System.err.println("leasehold load: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("leasehold load: --rules " + rules + ": cannot be read: " + e.getMessage());
      return 2;
    }
    long redisBefore = redisCommands();
    Vertx vertx = Vertx.vertx();
    LoadResult result;
    try {
      result = new HttpLoadRunner(spec, ruleSet).run(vertx);
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
    long redisDelta = Math.max(0, redisCommands() - redisBefore);
    String json = new LoadReport(result, List.of(), redisDelta, edges).toJsonText();
    System.out.println(json);
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, json + "\n");
    }
    return 0;
  }

  /** Σ calls over every listed Redis, less our own INFO probes. */
  private long redisCommands() {
    long total = 0;
    for (int port : redisPorts) {
      try {
        Map<String, Long> calls = Probes.redisCommandCalls(port);
        total += calls.values().stream().mapToLong(Long::longValue).sum() - calls.getOrDefault("info", 0L);
      } catch (IOException e) {
        System.err.println("leasehold load: redis on port " + port + ": " + e.getMessage());
      }
    }
    return total;
  }
}
