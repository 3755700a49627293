package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.AudioCoders;
import io.rvcbeam.pipeline.job.WorkerEnvironment;
import io.rvcbeam.pipeline.parts.ModelLeases;
import io.rvcbeam.pipeline.parts.PitchTrackerLoader;
import io.rvcbeam.pipeline.parts.SongPitchTracker;
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
 * Estimates each song's pitch once over the whole padded song (the estimator runs its own
 * bounded windows). The pitch tracker is loaded once per worker JVM (through {@link ModelLeases})
 * by the {@link PitchTrackerLoader} the stage is given.
 *
 * <p>Input: high-passed {@code SongAudio}. Output: the same with {@code f0} set. A model that
 * will not load fails the job (in {@code @Setup}); a song that fails goes to a dead letter with
 * stage EstimatePitch.
 */
public final class EstimatePitch
    extends PTransform<PCollection<SongAudio>, StageOutput<SongAudio>> {

  static final TupleTag<SongAudio> PITCHED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final PitchTrackerLoader pitchTracker;
  private final WorkerEnvironment worker;

  private EstimatePitch(PitchTrackerLoader pitchTracker, WorkerEnvironment worker) {
    this.pitchTracker = pitchTracker;
    this.worker = worker;
  }

  /**
   * @param pitchTracker loads the pitch tracker on each worker (serialised to the workers)
   * @param worker what a worker JVM sets before its first model loads
   */
  public static EstimatePitch of(PitchTrackerLoader pitchTracker, WorkerEnvironment worker) {
    return new EstimatePitch(pitchTracker, worker);
  }

  @Override
  public StageOutput<SongAudio> expand(PCollection<SongAudio> songs) {
    PCollectionTuple out =
        songs.apply(
            "Estimate",
            ParDo.of(new EstimatePitchFn(pitchTracker, worker))
                .withOutputTags(PITCHED, TupleTagList.of(FAILED)));
    out.get(PITCHED).setCoder(AudioCoders.songAudio());
    return StageOutput.of(out, PITCHED, FAILED);
  }

  static final class EstimatePitchFn extends DoFn<SongAudio, SongAudio> {
    private final PitchTrackerLoader pitchTracker;
    private final WorkerEnvironment worker;
    private transient ModelLeases<PitchTrackerLoader, SongPitchTracker> trackers;

    EstimatePitchFn(PitchTrackerLoader pitchTracker, WorkerEnvironment worker) {
      this.pitchTracker = pitchTracker;
      this.worker = worker;
    }

    @Setup
    public void setup() throws Exception {
      trackers = ModelLeases.open(
          worker, pitchTracker.device(), PitchTrackerLoader::key, PitchTrackerLoader::load);
      trackers.get(pitchTracker); // now, so a pitch model that will not load fails the job
    }

    @ProcessElement
    public void process(@Element SongAudio song, MultiOutputReceiver out) {
      long start = System.nanoTime();
      try {
        SongPitchTracker tracker = trackers.get(pitchTracker);
        double[] f0 = tracker.estimate(song.filtered16k(), song.song().settings());
        if (f0 == null || f0.length == 0) {
          throw new IllegalStateException("no pitch frames estimated");
        }
        out.get(PITCHED).output(song.withPitch(f0, Stage.ESTIMATE_PITCH, System.nanoTime() - start));
      } catch (Exception e) {
        Failures.emit(out, FAILED, song.song(), Stage.ESTIMATE_PITCH, e);
      }
    }

    @Teardown
    public void teardown() throws Exception {
      if (trackers != null) {
        trackers.close();
      }
    }
  }
}
