package io.rvcbeam.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Tf32Test {

  @Test
  void overrideZero_noWarning() {
    assertTrue(Tf32.warning(Map.of("NVIDIA_TF32_OVERRIDE", "0")).isEmpty());
  }

  @Test
  void unsetOrAllowed_warnsAndNamesTheVariable() {
    assertTrue(Tf32.warning(Map.of()).orElseThrow().contains("NVIDIA_TF32_OVERRIDE=0"));
    assertTrue(Tf32.warning(Map.of("NVIDIA_TF32_OVERRIDE", "1")).isPresent());
  }
}
