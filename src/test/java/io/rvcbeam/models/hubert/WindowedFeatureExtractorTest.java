package io.rvcbeam.models.hubert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.Golden;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.Npy;
import io.rvcbeam.checkpoint.hubert.HubertCheckpoint;
import io.rvcbeam.checkpoint.hubert.HubertStateDict;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.checkpoint.hubert.HubertConfigReader;
import io.rvcbeam.models.random.RandomHubertWeights;
import io.rvcbeam.nn.Parameters;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The front end run in windows of output frames gives its whole-input output: window edges on the
 * frame grid, layer 0's GroupNorm statistics over all of a row's real frames.
 */
class WindowedFeatureExtractorTest {

  /** 13 output frames (hop 320, field 400), 12 layer-0 frames past the last one's samples. */
  private static final int LENGTH = 4300;

  private static final Map<String, HostTensor> WEIGHTS =
      RandomHubertWeights.build(11, 8, 32, 1, 16, 4, 4, 0);
  private static final HubertConfig CONFIG = HubertConfigReader.read("random", WEIGHTS,
      Map.of("num_attention_heads", 4, "conv_stride", List.of(5, 2, 2, 2, 2, 2, 2)));

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private FeatureExtractor extractor(int windowFrames, DataType dtype) {
    return new FeatureExtractor(CONFIG, new Parameters("random", WEIGHTS, manager, dtype),
        windowFrames);
  }

  /** A tone whose offset and loudness drift, so every window has other statistics. */
  private NDArray audio(int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[rows * LENGTH];
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < LENGTH; i++) {
        double drift = (double) i / LENGTH;
        a[b * LENGTH + i] = (float) (drift - 0.3 * b + (0.2 + drift) * Math.sin(i * 0.07 * (b + 1))
            + 0.1 * (2 * r.nextDouble() - 1));
      }
    }
    return manager.create(a, new Shape(rows, LENGTH));
  }

  /** Max abs difference over max abs of {@code expected} (random weights give small outputs). */
  private static float relativeDiff(NDArray expected, NDArray actual) {
    assertEquals(expected.getShape(), actual.getShape());
    float[] x = expected.toType(DataType.FLOAT32, false).toFloatArray();
    float[] y = actual.toType(DataType.FLOAT32, false).toFloatArray();
    float diff = 0;
    float scale = 0;
    for (int i = 0; i < x.length; i++) {
      diff = Math.max(diff, Math.abs(x[i] - y[i]));
      scale = Math.max(scale, Math.abs(x[i]));
    }
    assertTrue(scale > 0, "all-zero output");
    return diff / scale;
  }

  @Test
  void givenInputOverSeveralWindows_matchesTheWholeInput() {
    NDArray audio = audio(2, 1);
    NDArray whole = extractor(1000, DataType.FLOAT32).forward(audio); // [2, 8, 13]
    assertArrayEquals(new long[] {2, 8, CONFIG.frames(LENGTH)}, whole.getShape().getShape());
    for (int window : new int[] {1, 4, 5, 12}) { // 12: one full window and one of 1 frame
      NDArray windowed = extractor(window, DataType.FLOAT32).forward(audio);
      float diff = relativeDiff(whole, windowed);
      assertTrue(diff < 1e-5f, "window " + window + ": relative diff " + diff);
    }
  }

  @Test
  void givenWindowsNormalisedAlone_wouldDiffer() {
    // Guards the test above: on this input, statistics per window instead of per row show.
    NDArray audio = audio(1, 2);
    FeatureExtractor wholeExtractor = extractor(1000, DataType.FLOAT32);
    NDArray whole = wholeExtractor.forward(audio);
    int window = 5;
    NDList pieces = new NDList();
    for (long f0 = 0; f0 < whole.getShape().get(2); f0 += window) {
      long f1 = Math.min(whole.getShape().get(2), f0 + window);
      pieces.add(wholeExtractor.forward(audio.get(new NDIndex(":, {}:{}", CONFIG.hop() * f0,
          CONFIG.hop() * (f1 - 1) + CONFIG.receptiveField()))));
    }
    float diff = relativeDiff(whole, NDArrays.concat(pieces, 2));
    assertTrue(diff > 1e-3f, "per-window statistics differ by only " + diff);
  }

  @Test
  void givenPaddedRows_matchesTheWholeInputAndEachRowAlone() {
    NDArray audio = audio(3, 3);
    int[] samples = {LENGTH, 3000, 1700};
    for (int b = 1; b < samples.length; b++) { // loud padding: shows if it leaks in
      audio.set(new NDIndex("{}, {}:", b, samples[b]), 5f);
    }
    NDArray whole = extractor(1000, DataType.FLOAT32).forward(audio, samples);
    FeatureExtractor windowedExtractor = extractor(4, DataType.FLOAT32);
    NDArray windowed = windowedExtractor.forward(audio, samples);
    float diff = relativeDiff(whole, windowed);
    assertTrue(diff < 1e-5f, "padded rows: relative diff " + diff);
    for (int b = 0; b < samples.length; b++) {
      long real = CONFIG.frames(samples[b]);
      NDArray alone = windowedExtractor.forward(
          audio.get(new NDIndex("{}:{}, :{}", b, b + 1, samples[b])));
      float rowDiff = relativeDiff(alone, windowed.get(new NDIndex("{}:{}, :, :{}", b, b + 1,
          real)));
      assertTrue(rowDiff < 1e-5f, "row " + b + " alone: relative diff " + rowDiff);
    }
  }

  @Test
  void givenFloat16_matchesTheWholeInputInFloat16() {
    NDArray audio = audio(1, 4).toType(DataType.FLOAT16, false);
    NDArray whole = extractor(1000, DataType.FLOAT16).forward(audio);
    NDArray windowed = extractor(4, DataType.FLOAT16).forward(audio);
    assertEquals(DataType.FLOAT16, windowed.getDataType());
    float diff = relativeDiff(whole, windowed);
    assertTrue(diff < 4e-3f, "float16: relative diff " + diff); // a few float16 steps
  }

  @Test
  void givenGoldenModelInWindowsOf40Frames_matchesTheReferenceLastHiddenState() throws Exception {
    // 149 frames: windows of 40, 40, 40 and 29 frames, through the whole network.
    HubertCheckpoint checkpoint = HubertCheckpoint.read(Golden.path("models/contentvec_tiny"));
    Map<String, HostTensor> hf = HubertStateDict.normalise(checkpoint.tensors());
    HubertConfig config = HubertConfigReader.read(checkpoint.source(), hf,
        checkpoint.declared());
    HubertNetwork network = HubertNetwork.build(config,
        new Parameters(checkpoint.source(), hf, manager, DataType.FLOAT32), 40);
    double[] wide = Npy.read(Golden.path("stages/highpass_out_float64.npy")).toDoubleArray();
    NDArray audio = manager.create(wide, new Shape(1, wide.length)).toType(DataType.FLOAT32,
        false);
    NDArray hidden = network.hidden(audio, config.numLayers()); // [1, 149, H]
    HostTensor expected = Npy.read(Golden.path("stages/hubert_v2_last_hidden_state.npy"));
    assertArrayEquals(expected.shape(), hidden.getShape().getShape());
    float[] want = expected.toFloatArray();
    float[] got = hidden.toFloatArray();
    float maxAbs = 0;
    float maxDiff = 0;
    for (int i = 0; i < want.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(want[i]));
      maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
    }
    assertTrue(maxDiff <= Math.max(1e-4f, 1e-3f * maxAbs),
        "max abs diff " + maxDiff + " (reference max " + maxAbs + ")");
  }
}
