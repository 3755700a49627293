package io.rvcbeam.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.convert.BatchPlan;
import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.OptimizationConfig;
import io.rvcbeam.convert.SlotInvarianceCheck;
import io.rvcbeam.convert.VoiceConverter;

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

  /** The job's batch plan: {@code batchSize} slots, buckets for its chunk settings. */
  static BatchPlan batchPlan(OptimizationConfig optimization) {
    return BatchPlan.of(chunkConfig(optimization), optimization.batchSize());
  }

  /**
   * The batch plan a loaded voice runs with: on a GPU only once {@link SlotInvarianceCheck}
   * has seen it keep a chunk's bytes in every slot (else one chunk per call, said once).
   */
  static BatchPlan batchPlan(OptimizationConfig optimization, VoiceConverter voice) {
    BatchPlan plan = batchPlan(optimization);
    return voice.synthesizer().device().isGpu() ? SlotInvarianceCheck.verified(voice, plan)
        : plan;
  }

  static ChunkConfig chunkConfig(OptimizationConfig optimization) {
    return optimization.chunking();
  }
}
