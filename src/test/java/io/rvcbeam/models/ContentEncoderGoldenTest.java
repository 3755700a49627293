package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.Npy;
import io.rvcbeam.models.ContentEncoder.Features;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny golden ContentVec (HF layout) against the reference's features of the test signal. */
class ContentEncoderGoldenTest {

  private static ContentEncoder encoder;
  private static float[] highPassed;

  @BeforeAll
  static void load() throws Exception {
    encoder = ContentEncoder.load(Golden.path("models/contentvec_tiny"), Device.cpu(),
        DataType.FLOAT32);
    double[] wide = Npy.read(Golden.path("stages/highpass_out_float64.npy")).toDoubleArray();
    highPassed = new float[wide.length];
    for (int i = 0; i < wide.length; i++) {
      highPassed[i] = (float) wide[i];
    }
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  private static void assertMatches(String golden, NDArray actual) throws Exception {
    HostTensor expected = Npy.read(Golden.path(golden));
    assertArrayEquals(expected.shape(), actual.getShape().getShape(), golden);
    float[] want = expected.toFloatArray();
    float[] got = actual.toFloatArray();
    float maxAbs = 0;
    float maxDiff = 0;
    for (int i = 0; i < want.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(want[i]));
      maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
    }
    assertTrue(maxDiff <= Math.max(1e-4f, 1e-3f * maxAbs),
        golden + ": max abs diff " + maxDiff + " (reference max " + maxAbs + ")");
  }

  @Test
  void givenHighPassedTestSignal_v2FeaturesMatchLastHiddenState() throws Exception {
    try (NDManager caller = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray audio = caller.create(highPassed, new Shape(1, highPassed.length));
      assertMatches("stages/hubert_v2_last_hidden_state.npy",
          encoder.encode(caller, audio, Features.V2));
    }
  }

  @Test
  void givenHighPassedTestSignal_v1FeaturesMatchFinalProjOfLastLayer() throws Exception {
    try (NDManager caller = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray audio = caller.create(highPassed, new Shape(1, highPassed.length));
      assertMatches("stages/hubert_v1_final_proj.npy",
          encoder.encode(caller, audio, Features.V1));
    }
  }

  @Test
  void givenGoldenConfig_sizesComeFromTheCheckpoint() {
    assertEquals(1, encoder.config().numLayers());
    assertEquals(12, encoder.config().numHeads());
    assertEquals(64, encoder.config().intermediateSize());
    assertEquals(4, encoder.config().posConvKernel());
    assertEquals(32, encoder.config().convDim(6));
    assertEquals(256, encoder.config().projectionSize());
    assertEquals(149, encoder.frames(48_000));
  }

  @Test
  void givenWeightFileInsteadOfDirectory_loadsWithConfigBeside() throws Exception {
    try (ContentEncoder fromFile = ContentEncoder.load(
        Golden.path("models/contentvec_tiny/pytorch_model.bin"), Device.cpu(),
        DataType.FLOAT32)) {
      assertEquals(encoder.config().toString(), fromFile.config().toString());
    }
  }

  @Test
  void givenConfigThatContradictsTheWeights_failsNamingTheField(@TempDir Path dir)
      throws Exception {
    Path source = Golden.path("models/contentvec_tiny");
    Files.copy(source.resolve("pytorch_model.bin"), dir.resolve("pytorch_model.bin"));
    Files.writeString(dir.resolve("config.json"),
        Files.readString(source.resolve("config.json"))
            .replace("\"num_hidden_layers\": 1", "\"num_hidden_layers\": 12"));
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> ContentEncoder.load(dir, Device.cpu(), DataType.FLOAT32));
    assertTrue(e.getMessage().contains("num_hidden_layers"), e.getMessage());
  }

  @Test
  void givenDirectoryWithoutWeights_failsNamingWhatIsMissing(@TempDir Path dir) {
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> ContentEncoder.load(dir, Device.cpu(), DataType.FLOAT32));
    assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
  }
}
