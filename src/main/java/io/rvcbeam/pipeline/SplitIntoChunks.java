package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.AudioCoders;
import io.rvcbeam.pipeline.coders.DeadLetterCoder;
import io.rvcbeam.pipeline.parts.ChunkPlanner;
import io.rvcbeam.pipeline.parts.SongStitcher;
import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.storage.WorkFolder;
import io.rvcbeam.pipeline.storage.WorkKey;
import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.pipeline.values.ChunkSlice;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.SongAudio;
import io.rvcbeam.pipeline.values.SongContext;
import io.rvcbeam.pipeline.values.SongReady;
import io.rvcbeam.pipeline.values.Stage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Cuts each song at quiet points into chunks carrying their padded context and pitch slice.
 *
 * <p>Input: {@code SongAudio} with pitch. Output: {@link ChunkedSongs}: the chunks still to
 * convert (one song fans out to many; the batching shuffle after this stage breaks fusion), a
 * {@link SongReady} for a song whose chunks are all durable already (a rerun after a crash), and
 * a dead letter (stage SplitIntoChunks) when planning fails or yields no chunk. Before any chunk
 * leaves, the song's small context for {@link StitchSong} (the stitcher's source envelope, not
 * the audio) is written to the {@link WorkFolder}; chunks durable there under the song's {@link
 * WorkKey} are not converted again.
 */
public final class SplitIntoChunks extends PTransform<PCollection<SongAudio>, ChunkedSongs> {

  static final TupleTag<Chunk> CHUNKS = new TupleTag<>() {};
  static final TupleTag<SongReady> READY = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final ChunkPlanner planner;
  private final SongStitcher stitcher;
  private final WorkKey workKey;
  private final String outputLocation;

  private SplitIntoChunks(
      ChunkPlanner planner, SongStitcher stitcher, WorkKey workKey, String outputLocation) {
    this.planner = planner;
    this.stitcher = stitcher;
    this.workKey = workKey;
    this.outputLocation = outputLocation;
  }

  /**
   * @param planner cuts a song into chunks (serialised to the workers)
   * @param stitcher gives the song's source envelope, saved for {@link StitchSong}
   * @param workKey the job's work-folder keys: a song's durable chunks are found under its key
   * @param outputLocation where the work folder lives
   */
  public static SplitIntoChunks of(
      ChunkPlanner planner, SongStitcher stitcher, WorkKey workKey, String outputLocation) {
    return new SplitIntoChunks(planner, stitcher, workKey, outputLocation);
  }

  @Override
  public ChunkedSongs expand(PCollection<SongAudio> songs) {
    PCollectionTuple out =
        songs.apply(
            "Split",
            ParDo.of(new SplitFn(planner, stitcher, workKey, outputLocation))
                .withOutputTags(CHUNKS, TupleTagList.of(READY).and(FAILED)));
    PCollection<Chunk> chunks = out.get(CHUNKS).setCoder(AudioCoders.chunk());
    PCollection<SongReady> ready = out.get(READY).setCoder(SongReady.coder());
    PCollection<DeadLetter> failures = out.get(FAILED).setCoder(DeadLetterCoder.of());
    return new ChunkedSongs(
        Map.of(CHUNKS, chunks, READY, ready, FAILED, failures), chunks, ready, failures);
  }

  static final class SplitFn extends DoFn<SongAudio, Chunk> {
    private final ChunkPlanner planner;
    private final SongStitcher stitcher;
    private final WorkKey workKey;
    private final WorkFolder work;

    SplitFn(ChunkPlanner planner, SongStitcher stitcher, WorkKey workKey, String outputLocation) {
      this.planner = planner;
      this.stitcher = stitcher;
      this.workKey = workKey;
      this.work = new WorkFolder(outputLocation);
    }

    @ProcessElement
    public void process(@Element SongAudio song, MultiOutputReceiver out) {
      long start = System.nanoTime();
      List<ChunkSlice> slices;
      String key;
      Set<Integer> done;
      try {
        slices = planner.split(song.filtered16k(), song.cuts(), song.f0());
        if (slices == null || slices.isEmpty()) {
          throw new IllegalStateException("the planner returned no chunk");
        }
        double[] envelope = stitcher.envelope(song.filtered16k(), song.song().settings());
        key = workKey.forSong(song.song());
        SongContext context =
            new SongContext(
                song.song(),
                song.inputSeconds(),
                envelope,
                song.times().plus(Stage.SPLIT_INTO_CHUNKS, System.nanoTime() - start),
                song.tags());
        work.writeContext(key, context);
        done = work.doneChunks(song.song().id(), key, slices.size());
      } catch (Exception e) {
        Failures.emit(out, FAILED, song.song(), Stage.SPLIT_INTO_CHUNKS, e);
        return;
      }
      int count = slices.size();
      long[] shares = songShares(song.sampleCount(), slices);
      Progress.songPlanned(song.sampleCount());
      for (int i = 0; i < count; i++) {
        ChunkSlice slice = slices.get(i);
        Chunk chunk =
            new Chunk(
                song.song(), i, count, slice.offset(), slice.samples(), slice.f0(), shares[i]);
        if (done.contains(i)) {
          Progress.chunkResumed(chunk);
        } else {
          out.get(CHUNKS).output(chunk);
        }
      }
      if (done.size() == count) {
        out.get(READY).output(new SongReady(song.song(), key, count));
      }
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
