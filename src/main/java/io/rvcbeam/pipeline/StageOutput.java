package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.coders.DeadLetterCoder;
import io.rvcbeam.pipeline.values.DeadLetter;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/** What a stage gives: the songs (or chunks) that went on, and the songs that failed. */
public final class StageOutput<T> implements POutput {

  private final Pipeline pipeline;
  private final TupleTag<T> outputTag;
  private final PCollection<T> output;
  private final TupleTag<DeadLetter> failuresTag;
  private final PCollection<DeadLetter> failures;

  private StageOutput(
      Pipeline pipeline,
      TupleTag<T> outputTag,
      PCollection<T> output,
      TupleTag<DeadLetter> failuresTag,
      PCollection<DeadLetter> failures) {
    this.pipeline = pipeline;
    this.outputTag = outputTag;
    this.output = output;
    this.failuresTag = failuresTag;
    this.failures = failures;
  }

  /** Wraps the two outputs of a multi-output ParDo, setting the failures' coder. */
  public static <T> StageOutput<T> of(
      PCollectionTuple tuple, TupleTag<T> outputTag, TupleTag<DeadLetter> failuresTag) {
    PCollection<DeadLetter> failures =
        tuple.get(failuresTag).setCoder(DeadLetterCoder.of());
    return new StageOutput<>(
        tuple.getPipeline(), outputTag, tuple.get(outputTag), failuresTag, failures);
  }

  public PCollection<T> output() {
    return output;
  }

  public PCollection<DeadLetter> failures() {
    return failures;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(outputTag, output, failuresTag, failures);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, org.apache.beam.sdk.values.PInput input, PTransform<?, ?> transform) {}
}
