package io.leasehold.cli;

import io.leasehold.local.ClusterSpec;
import io.leasehold.local.FaultRunner;
import io.leasehold.local.FaultScript;
import io.leasehold.local.FaultStep;
import io.leasehold.local.LocalCluster;
import io.leasehold.local.MissingInfrastructureException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leasehold local}: a whole multi-region cluster of real processes on loopback, until Ctrl-C. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
        "Starts a real Leasehold deployment on this machine (loopback only): one etcd, a redis-server per "
            + "region, coordinators (leader + standby), aggregator replicas per region and edge sidecars in "
            + "front of a built-in upstream; applies the rules and prints every URL. Ctrl-C stops everything.",
        "Needs redis-server and etcd on PATH."})
public final class LocalCommand implements Callable<Integer> {

  @Option(names = "--regions", defaultValue = "3", description = "number of regions (default: ${DEFAULT-VALUE})")
  int regions;

  @Option(names = "--edges-per-region", defaultValue = "2", description = "sidecars per region (default: ${DEFAULT-VALUE})")
  int edgesPerRegion;

  @Option(names = "--aggregators-per-region", defaultValue = "2",
      description = "aggregator replicas per region (default: ${DEFAULT-VALUE})")
  int aggregatorsPerRegion;

  @Option(names = "--rules", paramLabel = "FILE", description = "rules YAML (default: the example rules)")
  Path rules;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "keep configs, data and logs here (default: a temporary directory, deleted at exit)")
  Path workDir;

  @Option(names = "--faults", paramLabel = "FILE", description = "fault script: one 'AT ACTION [ARGS]' per line")
  Path faultsFile;

  @Option(names = "--fault", paramLabel = "STEP",
      description = "a fault step, e.g. '20s kill-leader' (repeatable; see FaultScript for every action)")
  List<String> faultSteps = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    ClusterSpec spec;
    List<FaultStep> faults;
    try {
      spec = ClusterSpec.defaults(regions, edgesPerRegion).withAggregatorsPerRegion(aggregatorsPerRegion);
      if (rules != null) {
        spec = spec.withRules(Files.readString(rules));
      }
      if (workDir != null) {
        spec = spec.withWorkDir(workDir);
      }
      List<String> lines = new ArrayList<>(faultsFile == null ? List.of() : Files.readAllLines(faultsFile));
      lines.addAll(faultSteps);
      faults = FaultScript.parse(lines);
    } catch (IllegalArgumentException e) {
      System.err.println("leasehold local: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("leasehold local: cannot read " + e.getMessage());
      return 2;
    }
    LocalCluster cluster;
    try {
      cluster = LocalCluster.start(spec, out);
    } catch (MissingInfrastructureException e) {
      System.err.println("leasehold local: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("leasehold local: the cluster did not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    FaultRunner runner = new FaultRunner(cluster, faults, outcome -> out.println("fault " + outcome));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("stopping the local cluster ...");
      runner.stop();
      cluster.close();
      stopped.countDown();
    }, "local-cluster-shutdown"));
    out.println();
    out.print(cluster.describe());
    out.println("Ctrl-C stops everything.");
    out.flush();
    runner.start(System.nanoTime());
    stopped.await();
    return 0;
  }
}
