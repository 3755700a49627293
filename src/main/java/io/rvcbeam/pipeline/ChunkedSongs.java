package io.rvcbeam.pipeline;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link SplitIntoChunks} gives: the chunks, each chunked song's context for stitching
 * (keyed by song id, pitch dropped) and the songs that failed.
 */
public final class ChunkedSongs implements POutput {

  private final PCollection<Chunk> chunks;
  private final PCollection<KV<String, SongContext>> contexts;
  private final PCollection<DeadLetter> failures;
  private final Map<TupleTag<?>, PValue> expanded;

  ChunkedSongs(
      Map<TupleTag<?>, PValue> expanded,
      PCollection<Chunk> chunks,
      PCollection<KV<String, SongContext>> contexts,
      PCollection<DeadLetter> failures) {
    this.expanded = expanded;
    this.chunks = chunks;
    this.contexts = contexts;
    this.failures = failures;
  }

  public PCollection<Chunk> chunks() {
    return chunks;
  }

  public PCollection<KV<String, SongContext>> contexts() {
    return contexts;
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
