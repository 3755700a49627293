package io.rvcbeam.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Groups each song's converted chunks with its context by song id, checks that chunks 0..n-1
 * are all there, and stitches them into the whole song (optionally over its instrumental stem).
 *
 * <p>Input: {@code KV<songId, SongContext>} contexts and {@code KV<songId, ConvertedChunk>}. Output:
 * {@code StitchedSong}s, and exactly one dead letter per failed song: the first failed chunk's
 * (stage ConvertChunks), or stage StitchSong for missing chunks, an unreadable stem, or a
 * stitcher failure or non-finite output.
 */
public final class StitchSong
    extends PTransform<KeyedPCollectionTuple<String>, StageOutput<StitchedSong>> {

  static final TupleTag<SongContext> CONTEXT = new TupleTag<>() {};
  static final TupleTag<ConvertedChunk> CONVERTED = new TupleTag<>() {};
  static final TupleTag<StitchedSong> STITCHED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final ConversionComponents components;

  private StitchSong(ConversionComponents components) {
    this.components = components;
  }

  public static StitchSong with(ConversionComponents components) {
    return new StitchSong(components);
  }

  /** The input this transform expects. */
  public static KeyedPCollectionTuple<String> inputs(
      PCollection<KV<String, SongContext>> contexts,
      PCollection<KV<String, ConvertedChunk>> converted) {
    return KeyedPCollectionTuple.of(CONTEXT, contexts).and(CONVERTED, converted);
  }

  @Override
  public StageOutput<StitchedSong> expand(KeyedPCollectionTuple<String> input) {
    PCollectionTuple out =
        input
            .apply("GroupBySong", CoGroupByKey.create())
            .apply(
                "Stitch",
                ParDo.of(new StitchFn(components))
                    .withOutputTags(STITCHED, TupleTagList.of(FAILED)));
    out.get(STITCHED).setCoder(AudioCoders.stitchedSong());
    return StageOutput.of(out, STITCHED, FAILED);
  }

  static final class StitchFn extends DoFn<KV<String, CoGbkResult>, StitchedSong> {
    private final ConversionComponents components;
    private transient SongStitcher stitcher;
    private transient SongDecoder decoder;

    StitchFn(ConversionComponents components) {
      this.components = components;
    }

    @Setup
    public void setup() {
      stitcher = components.stitcher();
      decoder = components.decoder();
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      String songId = group.getKey();
      List<SongContext> contexts = new ArrayList<>();
      group.getValue().getAll(CONTEXT).forEach(contexts::add);
      List<ConvertedChunk> chunks = new ArrayList<>();
      group.getValue().getAll(CONVERTED).forEach(chunks::add);
      chunks.sort(Comparator.comparingInt(ConvertedChunk::index));
      if (contexts.size() != 1) {
        Failures.emit(
            out,
            FAILED,
            new DeadLetter(
                songId, "", Stage.STITCH_SONG,
                "expected one decoded song, got " + contexts.size()));
        return;
      }
      SongContext context = contexts.get(0);
      Song song = context.song();
      for (ConvertedChunk chunk : chunks) {
        if (chunk.isFailed()) {
          Failures.emit(out, FAILED, chunk.failure());
          return;
        }
      }
      String incomplete = incompleteness(chunks);
      if (incomplete != null) {
        Failures.emit(out, FAILED, new DeadLetter(songId, song.inputUri(), Stage.STITCH_SONG,
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
      String uri = song.settings().instrumentalUri();
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
