package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.SongReportCoder;
import io.rvcbeam.pipeline.report.SongReport;
import io.rvcbeam.pipeline.storage.WorkFolder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Makes each song's outcome durable as soon as it is known: its report line goes to the {@link
 * WorkFolder} (merged into {@code report.jsonl} at the end of this run, or of the next one after
 * a crash), then its work files are deleted. Skipped songs pass through untouched.
 *
 * <p>Input and output: {@code SongReport}s, unchanged. Failing to write the line fails the
 * bundle (Beam retries it); the line is the song's record, it must not be lost.
 */
public final class FinishSongs extends PTransform<PCollection<SongReport>, PCollection<SongReport>> {

  private final String outputLocation;

  private FinishSongs(String outputLocation) {
    this.outputLocation = outputLocation;
  }

  public static FinishSongs in(String outputLocation) {
    return new FinishSongs(outputLocation);
  }

  @Override
  public PCollection<SongReport> expand(PCollection<SongReport> reports) {
    return reports
        .apply("RecordSong", ParDo.of(new FinishFn(new WorkFolder(outputLocation))))
        .setCoder(SongReportCoder.of());
  }

  static final class FinishFn extends DoFn<SongReport, SongReport> {
    private final WorkFolder work;

    FinishFn(WorkFolder work) {
      this.work = work;
    }

    @ProcessElement
    public void process(@Element SongReport report, OutputReceiver<SongReport> out)
        throws Exception {
      if (report.status() != SongReport.Status.skipped) {
        work.writeReportLine(report);
        work.deleteSong(report.songId());
      }
      out.output(report);
    }
  }
}
