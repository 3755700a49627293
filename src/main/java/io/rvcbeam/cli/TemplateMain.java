package io.rvcbeam.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Entry point of the Dataflow Flex Template: the template launcher calls the main class with
 * {@code --name=value} only, so the job file comes as {@code --jobFile=gs://…/job.yaml} and every
 * other argument (settings and Dataflow's own options) goes to {@code run} as given. A job file on
 * {@code gs://} is copied next to nothing: every path inside it must be a {@code gs://} URI.
 */
public final class TemplateMain {

  /** The template's own parameter; every other parameter is a setting or a runner option. */
  public static final String JOB_FILE = "jobFile";

  private TemplateMain() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  static int run(String[] args) throws IOException {
    String jobFile = null;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--" + JOB_FILE + "=")) {
        jobFile = arg.substring(JOB_FILE.length() + 3);
      } else {
        rest.add(arg);
      }
    }
    if (jobFile == null || jobFile.isBlank()) {
      System.err.println("rvc-beam template: --" + JOB_FILE + "=gs://BUCKET/job.yaml is required");
      return 2;
    }
    List<String> command = new ArrayList<>();
    command.add("run");
    command.add(local(jobFile, rest).toString());
    command.add("--progressSeconds=0");
    // The template launcher must return once the job is submitted, not when it ends.
    command.add("--detach");
    command.addAll(rest);
    return Main.commandLine().execute(command.toArray(String[]::new));
  }

  /** The job file as a local path, copied from a remote file system first. */
  private static Path local(String jobFile, List<String> beamArgs) throws IOException {
    if (!jobFile.contains("://")) {
      return Path.of(jobFile);
    }
    FileSystems.setDefaultPipelineOptions(
        PipelineOptionsFactory.fromArgs(beamArgs.stream()
            .filter(a -> a.startsWith("--gcs") || a.startsWith("--project="))
            .toArray(String[]::new)).create());
    Path copy = Files.createTempFile("rvc-job-", ".yaml");
    try (InputStream in = Channels.newInputStream(
        FileSystems.open(FileSystems.matchSingleFileSpec(jobFile).resourceId()))) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }
}
