package io.rvcbeam.models;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.hubert.HubertCheckpoint;
import io.rvcbeam.checkpoint.hubert.HubertConfig;
import io.rvcbeam.checkpoint.hubert.HubertConfigReader;
import io.rvcbeam.models.hubert.HubertNetwork;
import io.rvcbeam.checkpoint.hubert.HubertStateDict;
import io.rvcbeam.nn.Parameters;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content features of 16 kHz audio from a HuBERT / ContentVec checkpoint: one vector every 20 ms
 * (768 wide for v2 voice models, {@code final_proj} to 256 for v1).
 *
 * <p>Reads the Hugging Face layout Applio / Ultimate RVC ship (a directory with
 * {@code config.json} and {@code pytorch_model.bin} or {@code model.safetensors}) and fairseq's
 * {@code hubert_base.pt} (RVC WebUI). Sizes come from the checkpoint, so small test encoders run
 * the same code as the real one.
 *
 * <p>Thread safety: after {@link #load} the encoder is immutable; its weights live on its own
 * manager and are only read. {@link #encode} may run on many threads at once; each call works in
 * a sub-manager of its own and frees every temporary before it returns. What must not be shared:
 * the arrays a call returns (they belong to the caller's manager), and {@link #close}, which must
 * not race with calls in flight.
 *
 * <p>Batches: {@link #encode(float[][], Features)} takes rows of one length, unmasked, as the
 * reference runs a chunk alone. {@link #encodePadded} takes rows of any lengths in a call of a
 * fixed shape and masks each row's padding, so a row's features depend only on the row and
 * that shape.
 */
public final class ContentEncoder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ContentEncoder.class);

  /** Which features to return. */
  public record Features(int layer, boolean projected) {

    /** v2 voice models (both references): the last layer, 768 wide. */
    public static final Features V2 = new Features(-1, false);

    /** v1 voice models as Applio / Ultimate RVC compute them: final_proj of the last layer. */
    public static final Features V1 = new Features(-1, true);

    /** v1 voice models as RVC WebUI computes them: final_proj of layer 9. */
    public static final Features V1_RVC = new Features(9, true);

    /**
     * @param layer 1-based transformer layer whose output to take, or -1 for the last
     * @param projected whether {@code final_proj} is applied
     */
    public Features {
      if (layer < -1) {
        throw new IllegalArgumentException("layer must be -1 (last) or >= 0: " + layer);
      }
    }

    /** The features a voice model of {@code version} ("v1" or "v2") was trained on (Applio). */
    public static Features forVersion(String version) {
      return switch (version) {
        case "v1" -> V1;
        case "v2" -> V2;
        default -> throw new IllegalArgumentException("unknown voice model version " + version);
      };
    }
  }

  private final String source;
  private final NDManager manager;
  private final DataType dtype;
  private final HubertNetwork network;

  private ContentEncoder(String source, NDManager manager, DataType dtype,
      HubertNetwork network) {
    this.source = source;
    this.manager = manager;
    this.dtype = dtype;
    this.network = network;
  }

  /**
   * @param path an HF directory (or its {@code pytorch_model.bin} / {@code model.safetensors},
   *     with {@code config.json} beside it), or a fairseq {@code .pt}
   * @param dtype compute dtype: FLOAT32 (CPU), or FLOAT16 on a GPU
   */
  public static ContentEncoder load(Path path, Device device, DataType dtype)
      throws CheckpointException {
    checkDtype(dtype);
    long start = System.nanoTime();
    HubertCheckpoint checkpoint = HubertCheckpoint.read(path);
    ContentEncoder encoder;
    try {
      encoder = fromStateDict(checkpoint.source(), checkpoint.tensors(), checkpoint.declared(),
          device, dtype);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(path, "not a usable content encoder: " + e.getMessage(), e);
    }
    LOG.info("Loaded content encoder {} ({}) in {} ms", checkpoint.source(), encoder.config(),
        (System.nanoTime() - start) / 1_000_000);
    return encoder;
  }

  /**
   * @param tensors state dict in HF or fairseq key names
   * @param declared config values by HF {@code config.json} field name (may be empty)
   */
  public static ContentEncoder fromStateDict(String source, Map<String, HostTensor> tensors,
      Map<String, ?> declared, Device device, DataType dtype) {
    checkDtype(dtype);
    Map<String, HostTensor> hf = HubertStateDict.normalise(tensors);
    HubertConfig config = HubertConfigReader.read(source, hf, declared);
    NDManager manager = NDManager.newBaseManager(device, "PyTorch");
    manager.setName("content-encoder");
    try {
      HubertNetwork network = HubertNetwork.build(config, new Parameters(source, hf, manager,
          dtype));
      return new ContentEncoder(source, manager, dtype, network);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public HubertConfig config() {
    return network.config();
  }

  public String source() {
    return source;
  }

  /** The manager holding the weights; for tests that check nothing is left on it. */
  NDManager manager() {
    return manager;
  }

  public Device device() {
    return manager.getDevice();
  }

  /** Frames for {@code samples} input samples: {@code (samples - 400) / 320 + 1} for HuBERT. */
  public long frames(long samples) {
    return config().frames(samples);
  }

  /** Width of the features {@code features} selects (768, or 256 projected). */
  public int width(Features features) {
    return features.projected() ? config().projectionSize() : config().hiddenSize();
  }

  /**
   * @param audio [B, L] raw 16 kHz samples in [-1, 1] (any float dtype); not modified
   * @return [B, frames(L), width] float32, attached to {@code caller}
   * @throws IllegalArgumentException for a wrong rank, too few samples for one frame, or a layer
   *     the checkpoint does not have
   */
  public NDArray encode(NDManager caller, NDArray audio, Features features) {
    return encode(caller, audio, null, features);
  }

  private NDArray encode(NDManager caller, NDArray audio, int[] samples, Features features) {
    Shape shape = audio.getShape();
    if (shape.dimension() != 2 || shape.get(0) < 1) {
      throw new IllegalArgumentException("audio must be [B, samples], got " + shape);
    }
    int layer = checkLayer(features);
    checkLength(shape.get(1));
    try (NDManager call = manager.newSubManager()) {
      NDArray x = audio.toDevice(manager.getDevice(), true);
      x.attach(call);
      if (x.getDataType() != dtype) {
        x = x.toType(dtype, false);
      }
      NDArray out = network.hidden(x, layer, samples); // [B, T, H]
      if (features.projected()) {
        out = network.project(out); // [B, T, P]
      }
      if (out.getDataType() != DataType.FLOAT32) {
        out = out.toType(DataType.FLOAT32, false);
      }
      out.attach(caller);
      return out;
    }
  }

  /**
   * @param audio [B][L] raw 16 kHz samples, every row the same length
   * @return [B][frames(L)][width]
   */
  public float[][][] encode(float[][] audio, Features features) {
    if (audio.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    int length = audio[0].length;
    float[] flat = new float[audio.length * length];
    for (int b = 0; b < audio.length; b++) {
      if (audio[b].length != length) {
        throw new IllegalArgumentException("batch rows differ in length: " + audio[b].length
            + " vs " + length + " (group chunks by length or encode them one by one)");
      }
      System.arraycopy(audio[b], 0, flat, b * length, length);
    }
    checkLength(length);
    try (NDManager call = manager.newSubManager()) {
      NDArray in = call.create(flat, new Shape(audio.length, length));
      NDArray out = encode(call, in, features); // [B, T, C]
      int frames = Math.toIntExact(out.getShape().get(1));
      int width = Math.toIntExact(out.getShape().get(2));
      float[] values = out.toFloatArray();
      float[][][] result = new float[audio.length][frames][width];
      for (int b = 0; b < audio.length; b++) {
        for (int t = 0; t < frames; t++) {
          System.arraycopy(values, (b * frames + t) * width, result[b][t], 0, width);
        }
      }
      return result;
    }
  }

  /**
   * Encodes up to {@code slots} rows of any lengths in one call of the fixed shape {@code
   * [slots, length]}: rows zero-padded to {@code length}, the slots after the last row zero
   * audio. Each row's padding is masked (see {@link HubertNetwork#hidden(NDArray, int, int[])}),
   * so its features depend only on the row and this shape, never on its slot or the other rows.
   *
   * @param audio rows of at most {@code length} samples, each at least one content frame long
   * @return per row, [frames(row length)][width]
   */
  public float[][][] encodePadded(float[][] audio, int slots, int length, Features features) {
    if (audio.length == 0 || audio.length > slots) {
      throw new IllegalArgumentException(audio.length + " rows for " + slots + " slots");
    }
    float[] flat = new float[slots * length];
    int[] samples = new int[slots];
    java.util.Arrays.fill(samples, length); // an empty slot is all real (zero) audio
    for (int b = 0; b < audio.length; b++) {
      if (audio[b].length > length) {
        throw new IllegalArgumentException(
            "row of " + audio[b].length + " samples in a batch of " + length);
      }
      checkLength(audio[b].length);
      System.arraycopy(audio[b], 0, flat, b * length, audio[b].length);
      samples[b] = audio[b].length;
    }
    try (NDManager call = manager.newSubManager()) {
      NDArray in = call.create(flat, new Shape(slots, length));
      NDArray out = encode(call, in, samples, features); // [slots, T, C]
      int frames = Math.toIntExact(out.getShape().get(1));
      int width = Math.toIntExact(out.getShape().get(2));
      float[] values = out.toFloatArray();
      float[][][] result = new float[audio.length][][];
      for (int b = 0; b < audio.length; b++) {
        int real = Math.toIntExact(frames(samples[b]));
        result[b] = new float[real][width];
        for (int t = 0; t < real; t++) {
          System.arraycopy(values, (b * frames + t) * width, result[b][t], 0, width);
        }
      }
      return result;
    }
  }

  private static void checkDtype(DataType dtype) {
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
      throw new IllegalArgumentException("compute dtype must be FLOAT32 or FLOAT16: " + dtype);
    }
  }

  private int checkLayer(Features features) {
    int layers = config().numLayers();
    int layer = features.layer() == -1 ? layers : features.layer();
    if (layer > layers) {
      throw new IllegalArgumentException(source + " has " + layers + " transformer layers; "
          + "layer " + layer + " was asked for");
    }
    if (features.projected() && !config().hasProjection()) {
      throw new IllegalArgumentException(source + " has no final_proj (needed for v1 features)");
    }
    return layer;
  }

  private void checkLength(long samples) {
    if (config().frames(samples) < 1) {
      throw new IllegalArgumentException("audio of " + samples + " samples is shorter than one "
          + "content frame (" + config().receptiveField() + " samples at 16 kHz)");
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
