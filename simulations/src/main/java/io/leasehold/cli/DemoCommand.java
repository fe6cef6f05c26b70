package io.leasehold.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code leasehold demo}: the main job. Until the simulator lands it states what it will run;
 * afterwards it runs the shipped multi-region scenario and prints Leasehold against the ideal.
 */
@Command(name = "demo", description = "Run the main demonstration: a simulated multi-region deployment.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println("""
        Leasehold demo
        --------------
        The demo simulates five regions behind one global limit, driving the production edge,
        aggregator and coordinator cores in virtual time, and prints admitted rate versus the
        limit, next to an ideal global token bucket and the naive baselines.

        The simulator is not built yet (issue: Simulations). What works today:
          ./test                      build and run every unit, property and integration test
          ./leasehold --help          list the commands
        """);
    return 0;
  }
}
