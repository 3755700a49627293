package io.rvcbeam.pipeline;

import io.rvcbeam.convert.Stitch;
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
      long start = System.nanoTime();
      SongContext context;
      Joined joined;
      try {
        context = work.readContext(song.id(), ready.key());
        joined = join(song, ready);
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
      } catch (IllegalStateException e) {
        Failures.emit(out, FAILED, new DeadLetter(song.id(), song.inputUri(), Stage.STITCH_SONG,
            e.getMessage()));
        return;
      }
      try {
        Stitch.Stem stem = instrumental(song, joined.rate());
        float[] stitched =
            stitcher.stitch(new StitchInput(
                joined.audio(), joined.rate(), context.sourceEnvelope(), song.settings(), stem));
        Checks.requireFinite(stitched, "stitched song");
        StageTimes times =
            context
                .times()
                .plus(Stage.CONVERT_CHUNKS, joined.convertNanos())
                .plus(Stage.STITCH_SONG, System.nanoTime() - start);
        out.get(STITCHED)
            .output(
                new StitchedSong(
                    song, stitched, joined.rate(), context.inputSeconds(), times, context.tags()));
      } catch (Exception e) {
        Failures.emit(out, FAILED, song, Stage.STITCH_SONG, e);
      }
    }

    /** A song's converted chunks one after another, their rate and their conversion time. */
    private record Joined(float[] audio, int rate, long convertNanos) {}

    /**
     * Reads the song's chunks into one array sized from the first bytes of each chunk file, one
     * chunk at a time: a long song's output is held once, not once as chunks and again joined
     * (a one-hour song at 40 kHz: 576 MB instead of 1.15 GB).
     *
     * @throws IllegalStateException when the chunks do not make one song
     */
    private Joined join(Song song, SongReady ready) throws IOException {
      int count = ready.count();
      if (count <= 0) {
        throw new IllegalStateException("no converted chunk arrived");
      }
      long total = 0;
      for (int i = 0; i < count; i++) {
        total += work.chunkSamples(song.id(), ready.key(), i, count);
      }
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException(
            "the converted song has " + total + " samples, more than one array holds");
      }
      float[] audio = new float[(int) total];
      int at = 0;
      int rate = 0;
      long nanos = 0;
      for (int i = 0; i < count; i++) {
        ConvertedChunk chunk = work.readChunk(song.id(), ready.key(), i, count);
        String wrong = mismatch(chunk, i, count, i == 0 ? chunk.sampleRate() : rate,
            audio.length - at);
        if (wrong != null) {
          throw new IllegalStateException(wrong);
        }
        rate = chunk.sampleRate();
        System.arraycopy(chunk.audio(), 0, audio, at, chunk.audio().length);
        at += chunk.audio().length;
        nanos += chunk.convertNanos();
      }
      if (at != audio.length) {
        throw new IllegalStateException("the chunks hold " + at + " samples, their files' first"
            + " bytes said " + audio.length);
      }
      return new Joined(audio, rate, nanos);
    }

    /**
     * Null when {@code chunk} is chunk {@code index} of {@code count}, at {@code rate}, with at
     * most {@code room} samples; else what is wrong.
     */
    static String mismatch(ConvertedChunk chunk, int index, int count, int rate, int room) {
      if (chunk.index() != index || chunk.count() != count) {
        return "the file of chunk " + index + " of " + count + " holds chunk " + chunk.index()
            + " of " + chunk.count();
      }
      if (chunk.audio() == null) {
        return "chunk " + index + " of " + count + " has no audio";
      }
      if (chunk.sampleRate() != rate) {
        return "chunks at different rates: " + rate + " and " + chunk.sampleRate();
      }
      if (chunk.audio().length > room) {
        return "chunk " + index + " of " + count + " holds more samples than its file's first"
            + " bytes said";
      }
      return null;
    }

    /** The song's stem, decoded at {@code rate} while the stitcher mixes it in; or null. */
    private Stitch.Stem instrumental(Song song, int rate) {
      String uri = song.instrumentalUri();
      if (uri == null) {
        return null;
      }
      return samples -> {
        try {
          Uris.asLocalFile(uri, file -> {
            decoder.stream(file, uri, rate, samples);
            return null;
          });
        } catch (Exception e) {
          throw new IllegalStateException("instrumental stem " + uri + " unusable", e);
        }
      };
    }
  }
}
