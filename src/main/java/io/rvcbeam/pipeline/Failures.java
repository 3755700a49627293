package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.report.Progress;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import io.rvcbeam.pipeline.values.Stage;
import java.util.EnumMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/** Routing of song failures to a stage's failure output, with one Beam counter per stage. */
final class Failures {

  static final String NAMESPACE = "rvc-beam";

  private static final Map<Stage, Counter> COUNTERS = new EnumMap<>(Stage.class);

  static {
    for (Stage stage : Stage.values()) {
      COUNTERS.put(stage, Metrics.counter(NAMESPACE, "failed" + stage.displayName()));
    }
  }

  private Failures() {}

  /** Counts the failure and emits it on {@code tag}. */
  static void emit(
      DoFn.MultiOutputReceiver out, TupleTag<DeadLetter> tag, DeadLetter letter) {
    count(letter);
    out.get(tag).output(letter);
  }

  static void emit(
      DoFn.MultiOutputReceiver out,
      TupleTag<DeadLetter> tag,
      Song song,
      Stage stage,
      Throwable error) {
    emit(out, tag, DeadLetter.of(song, stage, error));
  }

  static void count(DeadLetter letter) {
    COUNTERS.get(letter.stage()).inc();
    Progress.songFailed(letter.stage());
  }
}
