package io.rvcbeam.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code rvc-beam} command line. */
@Command(
    name = "rvc-beam",
    mixinStandardHelpOptions = true,
    version = "rvc-beam 0.1.0",
    description = "Converts song catalogues with RVC voice models.",
    subcommands = {
      InspectCommand.class, RunCommand.class, ConvertCommand.class, BenchmarkCommand.class
    })
public final class Main implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line of every subcommand; a bad command line (a missing option, a value picocli
   * cannot convert) is one line on stderr and exit code 2, not the whole usage text.
   */
  static CommandLine commandLine() {
    return new CommandLine(new Main()).setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      failed.getErr().println("rvc-beam " + failed.getCommandName() + ": " + e.getMessage()
          + " (see rvc-beam " + failed.getCommandName() + " --help)");
      failed.getErr().flush();
      return 2;
    });
  }
}
