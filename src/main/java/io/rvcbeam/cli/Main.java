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
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
