package io.rvcbeam.cli;

import io.rvcbeam.nn.CudaFloat32;
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
    // Before anything can start libtorch: cuDNN reads the override when it loads.
    CudaFloat32.disableTf32();
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
