package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.AudioCoders;
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
 * CPU whatever {@code gpuFilter} says).
 *
 * <p>Input and output: {@code SongAudio} at 16 kHz. Failures (e.g. audio too short to filter,
 * non-finite samples) go to a dead letter with stage ConditionInput.
 */
public final class ConditionInput
    extends PTransform<PCollection<SongAudio>, StageOutput<SongAudio>> {

  static final TupleTag<SongAudio> FILTERED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final SongFilter filter;

  private ConditionInput(SongFilter filter) {
    this.filter = filter;
  }

  /** @param filter the input conditioning every song goes through (serialised to the workers) */
  public static ConditionInput of(SongFilter filter) {
    return new ConditionInput(filter);
  }

  @Override
  public StageOutput<SongAudio> expand(PCollection<SongAudio> songs) {
    PCollectionTuple out =
        songs.apply(
            "Filter",
            ParDo.of(new ConditionInputFn(filter))
                .withOutputTags(FILTERED, TupleTagList.of(FAILED)));
    out.get(FILTERED).setCoder(AudioCoders.songAudio());
    return StageOutput.of(out, FILTERED, FAILED);
  }

  static final class ConditionInputFn extends DoFn<SongAudio, SongAudio> {
    private final SongFilter filter;

    ConditionInputFn(SongFilter filter) {
      this.filter = filter;
    }

    @ProcessElement
    public void process(@Element SongAudio song, MultiOutputReceiver out) {
      long start = System.nanoTime();
      try {
        double[] filtered = filter.apply(song.samples16k());
        Checks.requireFinite(filtered, "high-passed audio");
        out.get(FILTERED)
            .output(song.withSamples(filtered, Stage.CONDITION_INPUT, System.nanoTime() - start));
      } catch (Exception e) {
        Failures.emit(out, FAILED, song.song(), Stage.CONDITION_INPUT, e);
      }
    }
  }
}
