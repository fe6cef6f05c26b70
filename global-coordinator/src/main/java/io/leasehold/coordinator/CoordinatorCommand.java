package io.leasehold.coordinator;

import io.etcd.jetcd.Client;
import io.leasehold.coordinator.config.CoordinatorSettingsReader;
import io.leasehold.coordinator.config.RulesValidator;
import io.leasehold.coordinator.etcd.EtcdClients;
import io.leasehold.coordinator.etcd.EtcdConfigStore;
import io.leasehold.coordinator.etcd.EtcdLeaderElection;
import io.leasehold.coordinator.http.CoordinatorServer;
import io.leasehold.model.time.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leasehold coordinator --config coordinator.yaml}: runs one coordinator (it campaigns for
 * leadership; standbys redirect or forward region syncs to the leader).
 */
@Command(
    name = "coordinator",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a global coordinator: region grants from the central pool, rules in etcd, admin API.",
        "Environment: LEASEHOLD_ETCD_ENDPOINTS, LEASEHOLD_ADMIN_TOKEN, LEASEHOLD_SYNC_TOKEN (required),",
        "LEASEHOLD_ETCD_PASSWORD."})
public final class CoordinatorCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "coordinator.yaml (default: built-in defaults)")
  Path config;

  @Option(names = "--port", description = "overrides listen.port")
  Integer port;

  private final Map<String, String> env;
  private final CountDownLatch stopped = new CountDownLatch(1);

  public CoordinatorCommand() {
    this(System.getenv());
  }

  CoordinatorCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    CoordinatorSettingsReader.Result read = CoordinatorSettingsReader.read(config, env);
    if (!read.isValid()) {
      System.err.println("coordinator: invalid configuration" + (config == null ? "" : " in " + config) + ":");
      read.problems().forEach(p -> System.err.println("  " + p));
      return 2;
    }
    CoordinatorSettings settings = read.settings();
    if (port != null) {
      settings = settings.withListen(port, settings.advertisedUrl());
    }
    Running running = start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, "coordinator-shutdown"));
    System.err.println("coordinator: " + settings + " started");
    stopped.await();
    return 0;
  }

  /** A running coordinator, for the command and for integration tests. */
  public static final class Running implements AutoCloseable {
    public final Vertx vertx;
    public final CoordinatorServer server;
    public final EtcdConfigStore store;
    public final EtcdLeaderElection election;
    private final Client client;

    Running(Vertx vertx, CoordinatorServer server, EtcdConfigStore store, EtcdLeaderElection election, Client client) {
      this.vertx = vertx;
      this.server = server;
      this.store = store;
      this.election = election;
      this.client = client;
    }

    /** Resigns leadership, stops serving, closes the etcd client. */
    @Override
    public void close() {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("coordinator: shutdown: " + e.getMessage());
      }
      election.close();
      store.close();
      client.close();
    }

    /** Stops abruptly, without resigning: what a crash looks like to the others (for tests). */
    public void kill() {
      client.close();
      vertx.close();
    }

    /**
     * Cuts this coordinator off from etcd while it keeps serving HTTP: what a partition from etcd
     * looks like (for tests). It must stop granting once its lease can have expired.
     */
    public void loseEtcd() {
      client.close();
    }

    public int port() {
      return server.actualPort();
    }
  }

  /** Starts a coordinator with {@code settings}; the caller closes it. */
  public static Running start(CoordinatorSettings settings) throws Exception {
    Vertx vertx = Vertx.vertx();
    Client client = EtcdClients.create(settings.etcd());
    EtcdConfigStore store = EtcdConfigStore.create(client, settings.etcd(), new RulesValidator(), Runnable::run);
    EtcdLeaderElection election =
        EtcdLeaderElection.create(client, settings.etcd(), settings.advertisedUrl(), Clock.system(), Runnable::run);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CoordinatorServer server = new CoordinatorServer(settings, store, election, Clock.system(), registry);
    try {
      vertx.deployVerticle(server, new DeploymentOptions()).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      client.close();
      throw e;
    }
    // Serving starts at once (last known good config, no leader yet); etcd catches up behind.
    store.start();
    election.start();
    return new Running(vertx, server, store, election, client);
  }
}
