package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.AudioCoders;
import io.rvcbeam.pipeline.parts.SongDecoder;
import io.rvcbeam.pipeline.parts.SongStitcher;
import io.rvcbeam.pipeline.report.StageTimes;
import io.rvcbeam.pipeline.storage.Uris;
import io.rvcbeam.pipeline.storage.WorkFolder;
import io.rvcbeam.pipeline.values.ConvertedChunk;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.SongContext;
import io.rvcbeam.pipeline.values.SongReady;
import io.rvcbeam.pipeline.values.Stage;
import io.rvcbeam.pipeline.values.StitchInput;
import io.rvcbeam.pipeline.values.StitchedSong;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stitches each song whose chunks are all durable, reading its context and chunks from the
 * {@link WorkFolder} (so a song is stitched as soon as its own last chunk is saved, without a
 * shuffle that would wait for every song), optionally over its instrumental stem.
 *
 * <p>Input: {@code SongReady}. Output: {@code StitchedSong}s, and a dead letter (stage StitchSong)
 * for missing chunks, an unreadable stem, or a stitcher failure or non-finite output. A song whose
 * work files are gone while its output exists was finished by another worker that saw the same
 * last chunk end (see {@link ConvertChunks}): it is dropped, not failed.
 */
public final class StitchSong extends PTransform<PCollection<SongReady>, StageOutput<StitchedSong>> {

  static final TupleTag<StitchedSong> STITCHED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final SongStitcher stitcher;
  private final SongDecoder stemDecoder;
  private final String outputLocation;

  private StitchSong(SongStitcher stitcher, SongDecoder stemDecoder, String outputLocation) {
    this.stitcher = stitcher;
    this.stemDecoder = stemDecoder;
    this.outputLocation = outputLocation;
  }

  /**
   * @param stitcher joins a song's converted chunks
   * @param stemDecoder reads instrumental stems
   * @param outputLocation where the work folder of converted chunks lives
   */
  public static StitchSong of(
      SongStitcher stitcher, SongDecoder stemDecoder, String outputLocation) {
    return new StitchSong(stitcher, stemDecoder, outputLocation);
  }

  @Override
  public StageOutput<StitchedSong> expand(PCollection<SongReady> ready) {
    PCollectionTuple out =
        ready.apply(
            "Stitch",
            ParDo.of(new StitchFn(stitcher, stemDecoder, outputLocation))
                .withOutputTags(STITCHED, TupleTagList.of(FAILED)));
    out.get(STITCHED).setCoder(AudioCoders.stitchedSong());
    return StageOutput.of(out, STITCHED, FAILED);
  }

  static final class StitchFn extends DoFn<SongReady, StitchedSong> {
    private final SongStitcher stitcher;
    private final SongDecoder decoder;
    private final WorkFolder work;

    StitchFn(SongStitcher stitcher, SongDecoder decoder, String outputLocation) {
      this.stitcher = stitcher;
      this.decoder = decoder;
      this.work = new WorkFolder(outputLocation);
    }

    @ProcessElement
    public void process(@Element SongReady ready, MultiOutputReceiver out) {
      Song song = ready.song();
      SongContext context;
      List<ConvertedChunk> chunks = new ArrayList<>();
      try {
        context = work.readContext(song.id(), ready.key());
        for (int i = 0; i < ready.count(); i++) {
          chunks.add(work.readChunk(song.id(), ready.key(), i, ready.count()));
        }
      } catch (IOException e) {
        try {
          if (Uris.exists(song.outputUri())) {
            return; // written by the other worker that saw this song's last chunk end
          }
        } catch (IOException ignored) {
          // report the read failure below
        }
        Failures.emit(out, FAILED, song, Stage.STITCH_SONG, e);
        return;
      }
      String incomplete = incompleteness(chunks);
      if (incomplete != null) {
        Failures.emit(out, FAILED, new DeadLetter(song.id(), song.inputUri(), Stage.STITCH_SONG,
            incomplete));
        return;
      }
      long start = System.nanoTime();
      try {
        int rate = chunks.get(0).sampleRate();
        List<float[]> audio = new ArrayList<>(chunks.size());
        long convertNanos = 0;
        for (ConvertedChunk chunk : chunks) {
          if (chunk.sampleRate() != rate) {
            throw new IllegalStateException(
                "chunks at different rates: " + rate + " and " + chunk.sampleRate());
          }
          audio.add(chunk.audio());
          convertNanos += chunk.convertNanos();
        }
        chunks = null; // the audio list holds what stitching needs
        double[] stem = instrumental(song, rate);
        float[] stitched =
            stitcher.stitch(
                new StitchInput(audio, rate, context.sourceEnvelope(), song.settings(), stem));
        Checks.requireFinite(stitched, "stitched song");
        StageTimes times =
            context
                .times()
                .plus(Stage.CONVERT_CHUNKS, convertNanos)
                .plus(Stage.STITCH_SONG, System.nanoTime() - start);
        out.get(STITCHED)
            .output(
                new StitchedSong(
                    song, stitched, rate, context.inputSeconds(), times, context.tags()));
      } catch (Exception e) {
        Failures.emit(out, FAILED, song, Stage.STITCH_SONG, e);
      }
    }

    /** Null when chunks 0..n-1 are all there exactly once, else what is wrong. */
    static String incompleteness(List<ConvertedChunk> sorted) {
      if (sorted.isEmpty()) {
        return "no converted chunk arrived";
      }
      int count = sorted.get(0).count();
      TreeSet<Integer> missing = new TreeSet<>();
      for (int i = 0; i < count; i++) {
        missing.add(i);
      }
      for (ConvertedChunk chunk : sorted) {
        if (chunk.count() != count) {
          return "chunks disagree on the chunk count: " + count + " and " + chunk.count();
        }
        if (!missing.remove(chunk.index())) {
          return "chunk " + chunk.index() + " arrived twice or is out of range 0.." + (count - 1);
        }
      }
      return missing.isEmpty() ? null : "missing chunks " + missing + " of " + count;
    }

    private double[] instrumental(Song song, int rate) throws Exception {
      String uri = song.instrumentalUri();
      if (uri == null) {
        return null;
      }
      try {
        return decoder.decode(Uris.readAll(uri), Uris.fileName(uri), rate).samples();
      } catch (Exception e) {
        throw new IllegalStateException("instrumental stem " + uri + " unusable", e);
      }
    }
  }
}
