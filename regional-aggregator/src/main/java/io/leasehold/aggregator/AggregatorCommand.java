package io.leasehold.aggregator;

import io.leasehold.aggregator.http.AggregatorServer;
import io.leasehold.aggregator.http.ConfigReader;
import io.leasehold.aggregator.http.RuleDocumentCompiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leasehold aggregator}: runs one regional aggregator replica until SIGTERM/SIGINT. */
@Command(
    name = "aggregator",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a regional aggregator: leases token chunks from the region's Redis buckets to edges "
            + "(POST /v1/sync) and reports to the global coordinator (/v1/region-sync).",
        "Environment overrides: LEASEHOLD_REGION, LEASEHOLD_REDIS_URL, LEASEHOLD_REDIS_AUTH_TOKEN, "
            + "LEASEHOLD_COORDINATOR_URL, LEASEHOLD_SYNC_TOKEN, LEASEHOLD_PORT."
    })
public final class AggregatorCommand implements Callable<Integer> {
  private static final String DEFAULT_CONFIG = "aggregator.yaml";

  @Spec CommandSpec spec;

  @Option(names = "--region", description = "region served (overrides the file and LEASEHOLD_REGION)")
  String region;

  @Option(names = "--config", defaultValue = DEFAULT_CONFIG, description = "configuration file (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(names = "--check", description = "validate the configuration and exit")
  boolean check;

  private final Map<String, String> env;

  public AggregatorCommand() {
    this(System.getenv());
  }

  AggregatorCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    AggregatorConfig parsed;
    try {
      parsed = ConfigReader.read(readConfig(), env, Optional.ofNullable(region));
    } catch (AggregatorConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("--config: \"" + config + "\": cannot be read: " + e.getMessage());
      return 2;
    }
    if (check) {
      out.println("configuration is valid: " + parsed);
      return 0;
    }
    AggregatorServer server;
    try {
      server = AggregatorServer.start(parsed, new RuleDocumentCompiler(parsed.region(), parsed.regions()))
          .await(60, TimeUnit.SECONDS);
    } catch (AggregatorConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("aggregator failed to start: " + e.getMessage());
      return 1;
    }
    out.println("aggregator for region " + parsed.region() + " listening on port " + server.port());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close().await(parsed.shutdownGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      } finally {
        stopped.countDown();
      }
    }, "aggregator-shutdown"));
    stopped.await();
    return 0;
  }

  private String readConfig() throws IOException {
    if (Files.exists(config)) {
      return Files.readString(config);
    }
    if (config.toString().equals(DEFAULT_CONFIG)) {
      return ""; // no file: everything from the environment
    }
    throw new IOException("no such file");
  }
}
