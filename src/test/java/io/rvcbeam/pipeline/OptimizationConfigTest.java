package io.rvcbeam.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rvcbeam.convert.ChunkConfig;
import io.rvcbeam.convert.OptimizationConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizationConfigTest {

  @Test
  void givenFp16AndGpuPlacementOnCpu_fallsBackAndSaysEachOnce() {
    List<String> warnings = new ArrayList<>();
    OptimizationConfig c =
        OptimizationConfig.of("cpu", true, 4, true, true, null, false, 0, warnings);
    assertEquals(OptimizationConfig.Dtype.FP32, c.dtype());
    assertFalse(c.gpuRetrieval());
    assertFalse(c.gpuFilter());
    assertEquals(ChunkConfig.FP32, c.chunking());
    assertEquals(3, warnings.size());
  }

  @Test
  void givenGpuDeviceWithoutGpu_isAnError() {
    assertThrows(IllegalArgumentException.class,
        () -> OptimizationConfig.of("gpu", false, 1, false, false, null, false, 0,
            new ArrayList<>()));
  }

  @Test
  void givenFp16OnGpu_usesTheFp16Chunking() {
    OptimizationConfig c =
        OptimizationConfig.of("gpu", true, 8, true, true, null, false, 1, new ArrayList<>());
    assertEquals(OptimizationConfig.Dtype.FP16, c.dtype());
    assertEquals(ChunkConfig.FP16, c.chunking());
  }

  @Test
  void autoPreset_picksFromTheGpuCount() {
    assertEquals("nvidia", OptimizationConfig.resolvePreset("auto", 2));
    assertEquals("cpu", OptimizationConfig.resolvePreset("auto", 0));
    assertThrows(IllegalArgumentException.class,
        () -> OptimizationConfig.resolvePreset("tpu", 0));
  }
}
