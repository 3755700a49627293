package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.storage.AtomicWrite;
import io.rvcbeam.pipeline.report.RunSummary;
import io.rvcbeam.pipeline.report.SongReport;
import io.rvcbeam.pipeline.storage.Uris;
import io.rvcbeam.pipeline.storage.WorkFolder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the run's report files into the output location at the end of the run: {@code
 * report.jsonl} (one line per song of the catalogue, sorted by song id), {@code
 * dead-letters.jsonl} (songId, input, stage, reason and, when an exception caused it, stackTrace
 * per failed song) and {@code summary.json}.
 * Each song's line was made durable when the song finished ({@link FinishSongs}); this merges
 * them with the lines of earlier runs, so after a crash and a rerun the report and summary cover
 * the whole catalogue. The reports are small, so they are gathered on one worker.
 *
 * <p>Input: every {@code SongReport} of the run. Output: none (files). Failing to write a report
 * fails the job.
 */
public final class WriteReport extends PTransform<PCollection<SongReport>, PDone> {

  public static final String REPORT = "report.jsonl";
  public static final String DEAD_LETTERS = "dead-letters.jsonl";
  public static final String SUMMARY = "summary.json";

  private final String outputLocation;
  private final long startMillis;

  private WriteReport(String outputLocation, long startMillis) {
    this.outputLocation = outputLocation;
    this.startMillis = startMillis;
  }

  /** @param startMillis when the job started (epoch ms), for the wall time */
  public static WriteReport to(String outputLocation, long startMillis) {
    return new WriteReport(outputLocation, startMillis);
  }

  @Override
  public PDone expand(PCollection<SongReport> reports) {
    reports
        .apply("Gather", Combine.globally(new ToListFn()))
        .apply("Write", ParDo.of(new WriteReportFn(outputLocation, startMillis)));
    return PDone.in(reports.getPipeline());
  }

  static final class ToListFn
      extends Combine.CombineFn<SongReport, ArrayList<SongReport>, ArrayList<SongReport>> {
    @Override
    public ArrayList<SongReport> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public ArrayList<SongReport> addInput(ArrayList<SongReport> acc, SongReport report) {
      acc.add(report);
      return acc;
    }

    @Override
    public ArrayList<SongReport> mergeAccumulators(Iterable<ArrayList<SongReport>> accs) {
      ArrayList<SongReport> merged = new ArrayList<>();
      accs.forEach(merged::addAll);
      return merged;
    }

    @Override
    public ArrayList<SongReport> extractOutput(ArrayList<SongReport> acc) {
      return acc;
    }

    @Override
    public Coder<ArrayList<SongReport>> getAccumulatorCoder(
        CoderRegistry registry, Coder<SongReport> inputCoder) {
      return listCoder();
    }

    @Override
    public Coder<ArrayList<SongReport>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<SongReport> inputCoder) {
      return listCoder();
    }

    private static Coder<ArrayList<SongReport>> listCoder() {
      return SerializableCoder.of(new TypeDescriptor<ArrayList<SongReport>>() {});
    }
  }

  static final class WriteReportFn extends DoFn<ArrayList<SongReport>, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(WriteReportFn.class);
    private final String outputLocation;
    private final long startMillis;

    WriteReportFn(String outputLocation, long startMillis) {
      this.outputLocation = outputLocation;
      this.startMillis = startMillis;
    }

    @ProcessElement
    public void process(@Element ArrayList<SongReport> thisRun) throws Exception {
      WorkFolder work = new WorkFolder(outputLocation);
      Map<String, SongReport> earlier = readEarlierReport();
      List<ResourceId> pendingFiles = work.reportFiles();
      for (ResourceId file : pendingFiles) {
        SongReport line = WorkFolder.readReportLine(file);
        earlier.put(line.songId(), line); // lines of a crashed run are newer than report.jsonl
      }
      List<SongReport> reports = merge(thisRun, earlier);
      ObjectMapper json = new ObjectMapper();
      StringBuilder report = new StringBuilder();
      StringBuilder deadLetters = new StringBuilder();
      for (SongReport line : reports) {
        report.append(json.writeValueAsString(line.withoutStackTrace())).append('\n');
        if (line.status() == SongReport.Status.failed) {
          Map<String, String> letter = new LinkedHashMap<>();
          letter.put("songId", line.songId());
          letter.put("input", line.input());
          letter.put("stage", line.stage());
          letter.put("reason", line.reason());
          if (line.stackTrace() != null) {
            letter.put("stackTrace", line.stackTrace());
          }
          deadLetters.append(json.writeValueAsString(letter)).append('\n');
        }
      }
      RunSummary summary =
          RunSummary.of(reports, (System.currentTimeMillis() - startMillis) / 1000.0);
      write(REPORT, report.toString());
      write(DEAD_LETTERS, deadLetters.toString());
      write(
          SUMMARY,
          json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary) + "\n");
      WorkFolder.delete(pendingFiles);
      WorkFolder.deleteEmptyLocalFolder(work.root().resolve(
          "reports", StandardResolveOptions.RESOLVE_DIRECTORY));
      LOG.info("summary: {}", summary.line());
    }

    /**
     * One line per song of this run, sorted by song id: this run's line for converted and failed
     * songs; for a skipped song (output already there) the line of the run that converted it,
     * marked skipped, so its durations stay in the report.
     */
    static List<SongReport> merge(List<SongReport> thisRun, Map<String, SongReport> earlier) {
      // A song two workers both finished (see ConvertChunks) has two lines: keep a converted one.
      Map<String, SongReport> once = new HashMap<>();
      for (SongReport line : thisRun) {
        once.merge(line.songId(), line,
            (a, b) -> a.status() == SongReport.Status.converted ? a : b);
      }
      List<SongReport> reports = new ArrayList<>();
      for (SongReport line : once.values()) {
        SongReport before = earlier.get(line.songId());
        if (line.status() == SongReport.Status.skipped
            && before != null
            && before.status() != SongReport.Status.failed
            && before.inputSeconds() != null) {
          reports.add(before.asSkipped());
        } else {
          reports.add(line);
        }
      }
      reports.sort(Comparator.comparing(SongReport::songId));
      return reports;
    }

    /** The lines of the report.jsonl an earlier run left, by song id (none: empty). */
    private Map<String, SongReport> readEarlierReport() throws Exception {
      Map<String, SongReport> lines = new HashMap<>();
      byte[] bytes;
      try {
        bytes = Uris.readAll(uri(REPORT));
      } catch (java.io.FileNotFoundException e) {
        return lines;
      }
      ObjectMapper json = new ObjectMapper();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          try {
            SongReport report = json.readValue(line, SongReport.class);
            lines.put(report.songId(), report);
          } catch (com.fasterxml.jackson.core.JacksonException e) {
            // a line this program did not write: the earlier details are lost, nothing else
          }
        }
      }
      return lines;
    }

    private String uri(String name) {
      return FileSystems.matchNewResource(outputLocation, true)
          .resolve(name, StandardResolveOptions.RESOLVE_FILE)
          .toString();
    }

    private void write(String name, String text) throws Exception {
      AtomicWrite.write(
          uri(name), text.getBytes(StandardCharsets.UTF_8), "application/json");
    }
  }
}
