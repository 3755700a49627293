package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.convert.OptimizationConfig;
import java.io.Serializable;

/**
 * Every numeric part the pipeline uses, behind one injectable, serializable bundle. The graph
 * wiring ({@code CataloguePipeline}) asks it for parts and gives each stage only the parts it
 * uses; tests inject fakes. Models are loaded on the workers by the loaders it gives ({@link
 * PitchTrackerLoader}, {@link ChunkConverterLoader}), which the stages call through {@link
 * ModelCache} (once per key and JVM), so they need not cache themselves.
 *
 * <p>The {@code run} command creates the implementation named by the {@code components} setting
 * (default {@code io.rvcbeam.components.RvcComponents}, the real numerics) with its no-argument
 * constructor. Contracts an implementation must keep:
 *
 * <ul>
 *   <li>Everything it returns is thread-safe (one instance serves all DoFn threads of a JVM);
 *       loaded models free their per-call memory per call and everything on {@code close()}.
 *   <li>Failures are exceptions whose message says what is wrong in one line (it becomes the
 *       dead letter's reason); nothing is logged and swallowed.
 *   <li>Output is a pure function of the inputs (noise seeded from seed, song id and chunk
 *       index): batch composition, retries and runners do not change a byte.
 *   <li>{@link #validator()} opens every model and index header (start from {@link
 *       ModelFilesExist}), so a model that cannot load stops the job before decoding.
 * </ul>
 */
public interface ConversionComponents extends Serializable {

  SongDecoder decoder();

  SongFilter highPass(OptimizationConfig optimization);

  /** The pitch tracker's loader, carried to the workers (nothing is loaded here). */
  PitchTrackerLoader pitchTracker(ModelFiles models, OptimizationConfig optimization);

  ChunkPlanner planner(OptimizationConfig optimization);

  /** The voices' loader, carried to the workers (nothing is loaded here). */
  ChunkConverterLoader chunkConverters(ModelFiles models, OptimizationConfig optimization);

  SongStitcher stitcher();

  AudioWriter writer();

  ModelValidator validator();
}
