package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.storage.AtomicWrite;
import io.rvcbeam.pipeline.coders.SongReportCoder;
import io.rvcbeam.pipeline.job.OutputFormat;
import io.rvcbeam.pipeline.parts.AudioWriter;
import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.report.SongReport;
import io.rvcbeam.pipeline.storage.Uris;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Stage;
import io.rvcbeam.pipeline.values.StitchedSong;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Encodes each stitched song and writes it atomically through Beam file systems: to {@code
 * <output>.partial-<random>} beside the output, then renamed onto the output name, so a crash
 * never leaves a half-written output (which resume would take for done). Leftover partial files
 * of crashed runs are ignored.
 *
 * <p>Input: {@code StitchedSong}. Output: a {@code SongReport} (converted) per written song, and a
 * dead letter (stage WriteAudio) when encoding or writing fails.
 */
public final class WriteAudio extends PTransform<PCollection<StitchedSong>, StageOutput<SongReport>> {

  static final TupleTag<SongReport> WRITTEN = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final AudioWriter writer;
  private final OutputFormat format;
  private final boolean profiling;

  private WriteAudio(AudioWriter writer, OutputFormat format, boolean profiling) {
    this.writer = writer;
    this.format = format;
    this.profiling = profiling;
  }

  public static WriteAudio with(AudioWriter writer, OutputFormat format, boolean profiling) {
    return new WriteAudio(writer, format, profiling);
  }

  @Override
  public StageOutput<SongReport> expand(PCollection<StitchedSong> songs) {
    PCollectionTuple out =
        songs.apply(
            "EncodeAndWrite",
            ParDo.of(new WriteFn(writer, format, profiling))
                .withOutputTags(WRITTEN, TupleTagList.of(FAILED)));
    out.get(WRITTEN).setCoder(SongReportCoder.of());
    return StageOutput.of(out, WRITTEN, FAILED);
  }

  static final class WriteFn extends DoFn<StitchedSong, SongReport> {
    private final Counter written = Metrics.counter(Failures.NAMESPACE, "songsConverted");
    private final Counter audioSeconds = Metrics.counter(Failures.NAMESPACE, "inputSecondsConverted");
    private final AudioWriter writer;
    private final OutputFormat format;
    private final boolean profiling;

    WriteFn(AudioWriter writer, OutputFormat format, boolean profiling) {
      this.writer = writer;
      this.format = format;
      this.profiling = profiling;
    }

    @ProcessElement
    public void process(@Element StitchedSong song, MultiOutputReceiver out) {
      long start = System.nanoTime();
      try {
        AtomicWrite.write(
            song.song().outputUri(),
            MimeTypes.BINARY,
            file -> writer.write(song.audio(), song.sampleRate(), song.tags(), format, file));
        StitchedSong timed =
            new StitchedSong(
                song.song(),
                song.audio(),
                song.sampleRate(),
                song.inputSeconds(),
                song.times().plus(Stage.WRITE_AUDIO, System.nanoTime() - start),
                song.tags());
        written.inc();
        audioSeconds.inc(Math.round(song.inputSeconds()));
        Progress.songConverted();
        out.get(WRITTEN).output(SongReport.converted(timed, profiling));
      } catch (Exception e) {
        Failures.emit(out, FAILED, song.song(), Stage.WRITE_AUDIO, e);
      }
    }
  }
}
