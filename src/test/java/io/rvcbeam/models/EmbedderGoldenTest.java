package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.EmbedderInfo;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.Npy;
import io.rvcbeam.models.ContentEncoder.Features;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each of Applio's six embedders, as a tiny Hugging Face checkpoint with that embedder's own
 * config values (golden/embedders/README.md), against the features Applio's own loader and
 * forward gave on 0.5 s of the test signal.
 */
class EmbedderGoldenTest {

  /** Absolute, as for the other networks' goldens. */
  private static final float TOLERANCE = 1e-4f;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "contentvec, contentvec, 12, true",
    "spin, spin, 12, true",
    "spin-v2, spin-v2, 12, true",
    "chinese-hubert-base, chinese_hubert_base, 12, false",
    "japanese-hubert-base, japanese_hubert_base, 12, false",
    "korean-hubert-base, korean_hubert_base, 8, false",
  })
  void eachEmbedder_loadsAndGivesTheReferenceFeatures(
      String name, String folder, int heads, boolean finalProj) throws Exception {
    Path dir = Golden.path("embedders/" + folder);
    float[] input = Npy.read(Golden.path("embedders/input_16k.npy")).toFloatArray();

    EmbedderInfo info = EmbedderInfo.read(dir);
    assertEquals(name, info.embedder());
    assertEquals(finalProj ? 256 : 0, info.finalProjWidth());
    try (ContentEncoder encoder = ContentEncoder.load(dir, Device.cpu(), DataType.FLOAT32);
        NDManager caller = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      assertEquals(heads, encoder.config().numHeads());
      assertEquals(finalProj, encoder.config().hasProjection());
      NDArray audio = caller.create(input, new Shape(1, input.length));

      assertMatches(dir.resolve("v2_last_hidden_state.npy"),
          encoder.encode(caller, audio, Features.V2));
      if (finalProj) {
        assertMatches(dir.resolve("v1_final_proj.npy"),
            encoder.encode(caller, audio, Features.V1));
      } else {
        assertFalse(Files.exists(dir.resolve("v1_final_proj.npy")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> encoder.encode(caller, audio, Features.V1));
        assertTrue(e.getMessage().contains("final_proj"), e.getMessage());
      }
    }
  }

  private static void assertMatches(Path golden, NDArray actual) throws Exception {
    HostTensor expected = Npy.read(golden);
    assertArrayEquals(expected.shape(), actual.getShape().getShape(), golden.toString());
    float[] want = expected.toFloatArray();
    float[] got = actual.toFloatArray();
    float maxDiff = 0;
    for (int i = 0; i < want.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
    }
    assertTrue(maxDiff <= TOLERANCE, golden + ": max abs diff " + maxDiff);
  }
}
