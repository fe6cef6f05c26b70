package io.leasehold.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code leasehold} launcher: dispatches to one subcommand per component. */
@Command(
    name = "leasehold",
    mixinStandardHelpOptions = true,
    version = "leasehold 0.1.0-SNAPSHOT",
    description = "Hierarchical multi-region quota allocator: global limits, local decisions.",
    subcommands = {
        DemoCommand.class,
        SimulateCommand.class,
        io.leasehold.edge.EdgeCommand.class,
        io.leasehold.aggregator.AggregatorCommand.class,
        io.leasehold.coordinator.CoordinatorCommand.class,
        io.leasehold.coordinator.RulesCommand.class,
        LocalCommand.class,
        LoadCommand.class,
        CommandLine.HelpCommand.class})
public final class LeaseholdCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The command tree, shared by {@link #main} and tests. */
  public static CommandLine newCommandLine() {
    return new CommandLine(new LeaseholdCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
