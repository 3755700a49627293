package io.rvcbeam.pipeline;

import io.rvcbeam.convert.OptimizationConfig;
import java.io.Serializable;

/**
 * Every numeric part the pipeline uses, behind one injectable, serializable bundle. The graph
 * holds this and asks it for parts on the workers; tests inject fakes. Models are loaded by the
 * {@code load…} methods, which the pipeline calls through {@link ModelCache} (once per key and
 * JVM), so they need not cache themselves.
 */
public interface ConversionComponents extends Serializable {

  SongDecoder decoder();

  HighPassFilter highPass(OptimizationConfig optimization);

  PitchEstimator loadPitchEstimator(ModelFiles models, OptimizationConfig optimization)
      throws Exception;

  ChunkPlanner planner(OptimizationConfig optimization);

  ChunkConverter loadConverter(
      VoiceModel voice, ModelFiles models, OptimizationConfig optimization) throws Exception;

  SongStitcher stitcher();

  AudioWriter writer();

  ModelValidator validator();
}
