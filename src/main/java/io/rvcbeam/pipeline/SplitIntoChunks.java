package io.rvcbeam.pipeline;

import io.rvcbeam.convert.OptimizationConfig;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Cuts each song at quiet points into chunks carrying their padded context and pitch slice.
 *
 * <p>Input: {@code SongAudio} with pitch. Output: {@link ChunkedSongs}: the chunks (one song
 * fans out to many; the batching shuffle after this stage breaks fusion), the song's small context
 * for {@link StitchSong} (the stitcher's source envelope, not the audio), and a dead letter (stage SplitIntoChunks) when planning fails or yields no
 * chunk. A song emits its context only if it emitted all its chunks.
 */
public final class SplitIntoChunks extends PTransform<PCollection<SongAudio>, ChunkedSongs> {

  static final TupleTag<Chunk> CHUNKS = new TupleTag<>() {};
  static final TupleTag<KV<String, SongContext>> CONTEXTS = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final ConversionComponents components;
  private final OptimizationConfig optimization;

  private SplitIntoChunks(ConversionComponents components, OptimizationConfig optimization) {
    this.components = components;
    this.optimization = optimization;
  }

  public static SplitIntoChunks with(
      ConversionComponents components, OptimizationConfig optimization) {
    return new SplitIntoChunks(components, optimization);
  }

  @Override
  public ChunkedSongs expand(PCollection<SongAudio> songs) {
    PCollectionTuple out =
        songs.apply(
            "Split",
            ParDo.of(new SplitFn(components, optimization))
                .withOutputTags(CHUNKS, TupleTagList.of(CONTEXTS).and(FAILED)));
    PCollection<Chunk> chunks = out.get(CHUNKS).setCoder(AudioCoders.chunk());
    PCollection<KV<String, SongContext>> contexts =
        out.get(CONTEXTS).setCoder(KvCoder.of(StringUtf8Coder.of(), AudioCoders.songContext()));
    PCollection<DeadLetter> failures = out.get(FAILED).setCoder(DeadLetterCoder.of());
    return new ChunkedSongs(
        Map.of(CHUNKS, chunks, CONTEXTS, contexts, FAILED, failures), chunks, contexts, failures);
  }

  static final class SplitFn extends DoFn<SongAudio, Chunk> {
    private final ConversionComponents components;
    private final OptimizationConfig optimization;
    private transient ChunkPlanner planner;
    private transient SongStitcher stitcher;

    SplitFn(ConversionComponents components, OptimizationConfig optimization) {
      this.components = components;
      this.optimization = optimization;
    }

    @Setup
    public void setup() {
      planner = components.planner(optimization);
      stitcher = components.stitcher();
    }

    @ProcessElement
    public void process(@Element SongAudio song, MultiOutputReceiver out) {
      long start = System.nanoTime();
      List<ChunkSlice> slices;
      double[] envelope;
      try {
        slices = planner.split(song.samples16k(), song.f0());
        if (slices == null || slices.isEmpty()) {
          throw new IllegalStateException("the planner returned no chunk");
        }
        envelope = stitcher.envelope(song.samples16k(), song.song().settings());
      } catch (Exception e) {
        Failures.emit(out, FAILED, song.song(), Stage.SPLIT_INTO_CHUNKS, e);
        return;
      }
      int count = slices.size();
      long[] shares = songShares(song.samples16k().length, slices);
      for (int i = 0; i < count; i++) {
        ChunkSlice slice = slices.get(i);
        out.get(CHUNKS)
            .output(
                new Chunk(
                    song.song(), i, count, slice.offset(), slice.samples(), slice.f0(),
                    shares[i]));
      }
      Progress.songPlanned(song.samples16k().length);
      SongContext context =
          new SongContext(
              song.song(),
              song.inputSeconds(),
              envelope,
              song.times().plus(Stage.SPLIT_INTO_CHUNKS, System.nanoTime() - start),
              song.tags());
      out.get(CONTEXTS).output(KV.of(song.song().id(), context));
    }

    /**
     * {@code songSamples} shared among the slices in proportion to their lengths, rounded so
     * that the shares add up to exactly {@code songSamples}.
     */
    static long[] songShares(long songSamples, List<ChunkSlice> slices) {
      long total = 0;
      for (ChunkSlice slice : slices) {
        total += slice.samples().length;
      }
      long[] shares = new long[slices.size()];
      long before = 0;
      long sharedBefore = 0;
      for (int i = 0; i < shares.length; i++) {
        before += slices.get(i).samples().length;
        long sharedUpTo =
            total == 0
                ? songSamples * (i + 1) / shares.length
                : Math.round(songSamples * (double) before / total);
        shares[i] = sharedUpTo - sharedBefore;
        sharedBefore = sharedUpTo;
      }
      return shares;
    }
  }
}
