package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.AudioCoders;
import io.rvcbeam.pipeline.parts.ChunkPlanner;
import io.rvcbeam.pipeline.parts.FilteredAudio;
import io.rvcbeam.pipeline.parts.SongFilter;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.SongAudio;
import io.rvcbeam.pipeline.values.Stage;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Conditions each song's input for the networks: limits its peak to 0.95 and applies the 48 Hz
 * zero-phase high-pass ({@link ConversionComponents#highPass}; the real one runs in float64 on the
 * CPU whatever {@code gpuFilter} says), and finds the song's quiet points for the chunk cuts here,
 * the one place the exact float64 filter output is at hand; the song then travels in float32.
 *
 * <p>Input: {@code SongAudio} as decoded. Output: {@code SongAudio} conditioned (float32 samples
 * and cuts; the decoded samples dropped). Failures (e.g. audio too short to filter, non-finite
 * samples) go to a dead letter with stage ConditionInput.
 */
public final class ConditionInput
    extends PTransform<PCollection<SongAudio>, StageOutput<SongAudio>> {

  static final TupleTag<SongAudio> FILTERED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final SongFilter filter;
  private final ChunkPlanner planner;

  private ConditionInput(SongFilter filter, ChunkPlanner planner) {
    this.filter = filter;
    this.planner = planner;
  }

  /**
   * @param filter the input conditioning every song goes through (serialised to the workers)
   * @param planner finds the cuts on the filtered song ({@link ChunkPlanner#cuts})
   */
  public static ConditionInput of(SongFilter filter, ChunkPlanner planner) {
    return new ConditionInput(filter, planner);
  }

  @Override
  public StageOutput<SongAudio> expand(PCollection<SongAudio> songs) {
    PCollectionTuple out =
        songs.apply(
            "Filter",
            ParDo.of(new ConditionInputFn(filter, planner))
                .withOutputTags(FILTERED, TupleTagList.of(FAILED)));
    out.get(FILTERED).setCoder(AudioCoders.songAudio());
    return StageOutput.of(out, FILTERED, FAILED);
  }

  static final class ConditionInputFn extends DoFn<SongAudio, SongAudio> {
    private final SongFilter filter;
    private final ChunkPlanner planner;

    ConditionInputFn(SongFilter filter, ChunkPlanner planner) {
      this.filter = filter;
      this.planner = planner;
    }

    @ProcessElement
    public void process(@Element SongAudio song, MultiOutputReceiver out) {
      long start = System.nanoTime();
      try {
        FilteredAudio filtered = filter.apply(song.decoded16k());
        Checks.requireFinite(filtered.samples(), "high-passed audio");
        int[] cuts = planner.cuts(filtered);
        out.get(FILTERED).output(song.withConditioned(
            filtered.samples(), cuts, Stage.CONDITION_INPUT, System.nanoTime() - start));
      } catch (Exception e) {
        Failures.emit(out, FAILED, song.song(), Stage.CONDITION_INPUT, e);
      }
    }
  }
}
