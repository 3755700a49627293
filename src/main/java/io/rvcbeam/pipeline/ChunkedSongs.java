package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.values.Chunk;
import io.rvcbeam.pipeline.values.DeadLetter;
import io.rvcbeam.pipeline.values.SongReady;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link SplitIntoChunks} gives: the chunks to convert, the songs already converted in the
 * work folder, and the songs that failed.
 */
public final class ChunkedSongs implements POutput {

  private final PCollection<Chunk> chunks;
  private final PCollection<SongReady> ready;
  private final PCollection<DeadLetter> failures;
  private final Map<TupleTag<?>, PValue> expanded;

  ChunkedSongs(
      Map<TupleTag<?>, PValue> expanded,
      PCollection<Chunk> chunks,
      PCollection<SongReady> ready,
      PCollection<DeadLetter> failures) {
    this.expanded = expanded;
    this.chunks = chunks;
    this.ready = ready;
    this.failures = failures;
  }

  public PCollection<Chunk> chunks() {
    return chunks;
  }

  /** Songs whose chunks were all durable before this run reached them. */
  public PCollection<SongReady> ready() {
    return ready;
  }

  public PCollection<DeadLetter> failures() {
    return failures;
  }

  @Override
  public Pipeline getPipeline() {
    return chunks.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return expanded;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
