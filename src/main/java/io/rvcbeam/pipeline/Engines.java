package io.rvcbeam.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.OptimizationConfig;

/** DJL and convert-package values for an {@link OptimizationConfig}. */
final class Engines {

  private Engines() {}

  static Device device(OptimizationConfig optimization) {
    return Device.fromName(optimization.device());
  }

  static DataType dtype(OptimizationConfig optimization) {
    return optimization.dtype() == OptimizationConfig.Dtype.FP16
        ? DataType.FLOAT16
        : DataType.FLOAT32;
  }

  static ChunkConfig chunkConfig(OptimizationConfig optimization) {
    OptimizationConfig.Chunking c = optimization.chunking();
    return new ChunkConfig(c.xPad(), c.xQuery(), c.xCenter(), c.xMax());
  }
}
