package io.leasehold.edge;

import io.leasehold.edge.http.EdgeServer;
import io.leasehold.model.time.Clock;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leasehold edge --config edge.yaml}: runs the edge limiter sidecar until SIGTERM/SIGINT,
 * then shuts down gracefully (stop accepting, finish in-flight requests, final sync).
 */
@Command(
    name = "edge",
    mixinStandardHelpOptions = true,
    description = {
        "Run the edge limiter: a reverse-proxy sidecar that decides every request locally from tokens",
        "leased by the regional aggregator, plus POST /v1/check, /metrics, /healthz and /readyz.",
        "Environment overrides: LEASEHOLD_LISTEN_PORT, LEASEHOLD_UPSTREAM, LEASEHOLD_AGGREGATOR_URL,",
        "LEASEHOLD_SYNC_TOKEN, LEASEHOLD_STANDALONE."})
public final class EdgeCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The edge YAML config.")
  Path config;

  @Option(names = "--standalone", description = "Enforce the rules_file limits locally; no aggregator.")
  boolean standalone;

  @Option(names = "--check-config", description = "Validate the config (and rules file) and exit.")
  boolean checkOnly;

  @Spec
  CommandLine.Model.CommandSpec spec;

  private volatile EdgeServer server;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env = new HashMap<>(System.getenv());
    if (standalone) {
      env.put("LEASEHOLD_STANDALONE", "true");
    }
    EdgeConfig edgeConfig;
    try {
      edgeConfig = EdgeConfig.load(config, env);
    } catch (EdgeConfigException e) {
      err.println("invalid edge config " + config + ":");
      e.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      server = EdgeServer.start(vertx, edgeConfig, Clock.system()).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof EdgeConfigException invalid) {
        err.println("invalid rules:");
        invalid.problems().forEach(p -> err.println("  " + p));
      } else {
        err.println("edge failed to start: " + cause.getMessage());
      }
      err.flush();
      vertx.close().await(10, TimeUnit.SECONDS);
      return 1;
    }
    if (checkOnly) {
      out.println("config ok: " + server.limiter().rules().rules().size() + " rules");
      out.flush();
      server.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
      return 0;
    }
    out.println("leasehold edge " + edgeConfig.edgeId() + " listening on " + edgeConfig.listenHost() + ":"
        + server.port() + (edgeConfig.standalone() ? " (standalone)" : " syncing with " + edgeConfig.aggregator().urls())
        + edgeConfig.upstream().map(u -> ", proxying to " + u).orElse(", check API only"));
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        long grace = edgeConfig.shutdownTimeout().toMillis() + edgeConfig.aggregator().timeout().toMillis() * 4;
        server.close().await(grace, TimeUnit.MILLISECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("edge shutdown: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }, "leasehold-edge-shutdown"));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new EdgeCommand()).execute(args));
  }
}
