package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.report.SongReport;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.Song;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/** What {@link SelectSongs} gives: songs to convert, skipped songs' reports, failures. */
public final class CatalogueSongs implements POutput {

  private final Map<TupleTag<?>, PValue> expanded;
  private final PCollection<Song> toConvert;
  private final PCollection<SongReport> skipped;
  private final PCollection<DeadLetter> failures;

  CatalogueSongs(
      Map<TupleTag<?>, PValue> expanded,
      PCollection<Song> toConvert,
      PCollection<SongReport> skipped,
      PCollection<DeadLetter> failures) {
    this.expanded = expanded;
    this.toConvert = toConvert;
    this.skipped = skipped;
    this.failures = failures;
  }

  public PCollection<Song> toConvert() {
    return toConvert;
  }

  public PCollection<SongReport> skipped() {
    return skipped;
  }

  public PCollection<DeadLetter> failures() {
    return failures;
  }

  @Override
  public Pipeline getPipeline() {
    return toConvert.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return expanded;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
