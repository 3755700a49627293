package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.Stage;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Sends the songs of voices that the launcher found unusable (they would not load or do not fit
 * the shared models) to the dead letters with that voice's reason, before anything is decoded;
 * the other songs go on. Runs on the workers, so the catalogue never has to be listed on the
 * launcher.
 */
public final class CheckVoices extends PTransform<PCollection<Song>, StageOutput<Song>> {

  private static final TupleTag<Song> USABLE = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> FAILED = new TupleTag<>() {};

  private final TreeMap<String, String> unusable;

  private CheckVoices(Map<String, String> unusable) {
    this.unusable = new TreeMap<>(unusable);
  }

  /** @param unusable voice name → reason naming the voice and its file */
  public static CheckVoices of(Map<String, String> unusable) {
    return new CheckVoices(unusable);
  }

  @Override
  public StageOutput<Song> expand(PCollection<Song> songs) {
    return StageOutput.of(
        songs.apply(
            "CheckVoice",
            ParDo.of(new CheckVoiceFn(unusable))
                .withOutputTags(USABLE, TupleTagList.of(FAILED))),
        USABLE,
        FAILED);
  }

  static final class CheckVoiceFn extends DoFn<Song, Song> {
    private final TreeMap<String, String> unusable;

    CheckVoiceFn(TreeMap<String, String> unusable) {
      this.unusable = unusable;
    }

    @ProcessElement
    public void process(@Element Song song, MultiOutputReceiver out) {
      String reason = unusable.get(song.voice());
      if (reason == null) {
        out.get(USABLE).output(song);
      } else {
        Failures.emit(
            out, FAILED, new DeadLetter(song.id(), song.inputUri(), Stage.CHECK_VOICES, reason));
      }
    }
  }
}
