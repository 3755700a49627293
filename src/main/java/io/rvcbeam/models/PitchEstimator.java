package io.rvcbeam.models;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.checkpoint.RmvpeCheckpoint;
import io.rvcbeam.checkpoint.TorchCheckpoint;
import io.rvcbeam.models.rmvpe.E2eNetwork;
import io.rvcbeam.models.rmvpe.MelFrontEnd;
import io.rvcbeam.models.rmvpe.SalienceDecoder;
import io.rvcbeam.nn.HostHeap;
import io.rvcbeam.nn.Parameters;
import io.rvcbeam.nn.ReflectPad;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RMVPE pitch estimation: 16 kHz mono audio to f0 in Hz every 10 ms (160 samples), {@code N / 160
 * + 1} frames for N samples, frame f centred on sample 160·f; 0 Hz marks an unvoiced frame.
 *
 * <p>Steps (docs/algorithm.md §4.1–4.5): log-mel front end, frames reflect-padded at the end to a multiple
 * of 32, the {@code E2E} network, crop back to the frame count, then decoding of the salience
 * (local weighted average of cents around the arg-max, voicing threshold). The whole input runs in
 * one network call (the GRU sees every frame), which equals the reference up to 32,000 frames
 * (320 s; Applio/Ultimate RVC restart the network per 32,000-frame chunk beyond that). Callers
 * that need bounded memory on long audio cut it into overlapping windows and use {@link
 * #salience(float[][])} on batches of equal-length windows, then {@link #decode}.
 *
 * <p>Immutable and thread-safe: the weights, the Hann window and the mel bank are constant tensors
 * on the model's manager; every call works in its own sub-manager and returns plain Java arrays
 * (or arrays attached to a manager the caller passes). Close the estimator to free the weights.
 */
public final class PitchEstimator implements AutoCloseable {

  /** Audio sample rate the model expects. */
  public static final int SAMPLE_RATE = MelFrontEnd.SAMPLE_RATE;

  /** Samples per f0 frame (10 ms). */
  public static final int HOP = MelFrontEnd.HOP;

  /** The reference pipeline's voicing threshold ({@code filter_radius=0.03}). */
  public static final float DEFAULT_THRESHOLD = 0.03f;

  /** Fewest frames whose padding to a multiple of 32 can reflect (pad < frames). */
  private static final int MIN_FRAMES = 17;

  private static final Logger LOG = LoggerFactory.getLogger(PitchEstimator.class);

  private final NDManager manager;
  private final DataType dtype;
  private final MelFrontEnd frontEnd;
  private final E2eNetwork network;

  private PitchEstimator(NDManager manager, DataType dtype, MelFrontEnd frontEnd,
      E2eNetwork network) {
    this.manager = manager;
    this.dtype = dtype;
    this.frontEnd = frontEnd;
    this.network = network;
  }

  /**
   * Loads an RMVPE checkpoint ({@code rmvpe.pt}: a PyTorch zip holding the plain {@code E2E} state
   * dict).
   *
   * @param dtype compute dtype of the network: FLOAT32, or FLOAT16 on a GPU (the mel front end is
   *     always float32)
   */
  public static PitchEstimator load(Path rmvpePt, Device device, DataType dtype)
      throws CheckpointException {
    long start = System.nanoTime();
    Map<String, HostTensor> stateDict = TorchCheckpoint.read(rmvpePt).tensors();
    try {
      PitchEstimator model = fromStateDict(rmvpePt.toString(), stateDict, device, dtype);
      LOG.info("Loaded {} from {} in {} ms", model.describe(), rmvpePt,
          (System.nanoTime() - start) / 1_000_000);
      return model;
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(rmvpePt, e.getMessage(), e);
    }
  }

  /**
   * Builds the estimator from state-dict tensors already in memory. Strict: a missing tensor, a
   * shape that does not fit the architecture, or a tensor no layer uses is an error.
   *
   * @param source names the weights in error messages
   * @throws IllegalArgumentException if the tensors are not an RMVPE E2E state dict
   */
  public static PitchEstimator fromStateDict(String source, Map<String, HostTensor> stateDict,
      Device device, DataType dtype) {
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
      throw new IllegalArgumentException("RMVPE runs in FLOAT32 or FLOAT16, not " + dtype);
    }
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Parameters params = new Parameters(source, stateDict, manager, dtype);
      E2eNetwork network = E2eNetwork.read(
          params, RmvpeCheckpoint.read(source, stateDict), MelFrontEnd.MEL_BINS);
      if (!params.unused().isEmpty()) {
        throw new IllegalArgumentException(source + ": tensors not part of RMVPE E2E: "
            + params.unused());
      }
      return new PitchEstimator(manager, dtype, new MelFrontEnd(manager), network);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** f0 frames for {@code samples} samples of audio: {@code samples / 160 + 1}. */
  public static int frameCount(int samples) {
    return MelFrontEnd.frames(samples);
  }

  /**
   * Shortest input accepted: the frame padding to a multiple of 32 reflects, which (as in the
   * reference) needs more frames than padding, i.e. at least 17 frames = 2560 samples (0.16 s).
   */
  public static int minSamples() {
    return (MIN_FRAMES - 1) * HOP;
  }

  /**
   * @param audio16k mono audio at 16 kHz (cast to float32, as the reference does)
   * @param threshold voicing threshold on the largest salience, normally {@link
   *     #DEFAULT_THRESHOLD}
   * @return f0 in Hz per 10 ms frame, 0 where unvoiced; {@link #frameCount(int)} values
   */
  public float[] estimate(double[] audio16k, float threshold) {
    float[] f = new float[audio16k.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) audio16k[i];
    }
    return estimate(f, threshold);
  }

  /** See {@link #estimate(double[], float)}. */
  public float[] estimate(float[] audio16k, float threshold) {
    double[] f0 = estimateHz(audio16k, threshold);
    float[] out = new float[f0.length];
    for (int i = 0; i < f0.length; i++) {
      out[i] = (float) f0[i];
    }
    return out;
  }

  /**
   * Like {@link #estimate(float[], float)} but in float64, as the reference hands f0 on to the
   * pitch shift and coarse-pitch steps.
   */
  public double[] estimateHz(float[] audio16k, float threshold) {
    return decode(salience(new float[][] {audio16k})[0], threshold);
  }

  /**
   * Raw network output for a batch of equal-length windows.
   *
   * @param audioBatch [B][N] 16 kHz audio, every row the same length, N >= {@link #minSamples()}
   * @return [B][T][360] salience, T = N / 160 + 1
   */
  public float[][][] salience(float[][] audioBatch) {
    try (NDManager call = manager.newSubManager()) {
      return toHost(salience(call, audioBatch)); // [B, T, 360]
    }
  }

  private static float[][][] toHost(NDArray s) {
    int b = (int) s.getShape().get(0);
    int t = (int) s.getShape().get(1);
    int c = (int) s.getShape().get(2);
    float[] flat = s.toFloatArray();
    float[][][] out = new float[b][t][c];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        System.arraycopy(flat, (i * t + j) * c, out[i][j], 0, c);
      }
    }
    return out;
  }

  /**
   * Raw network output for a batch of equal-length windows, as a float32 tensor attached to
   * {@code target} (on the model's device).
   *
   * @return [B, T, 360], T = N / 160 + 1
   */
  public NDArray salience(NDManager target, float[][] audioBatch) {
    int n = checkBatch(audioBatch);
    try (NDManager call = manager.newSubManager()) {
      float[] flat = new float[audioBatch.length * n];
      for (int i = 0; i < audioBatch.length; i++) {
        System.arraycopy(audioBatch[i], 0, flat, i * n, n);
      }
      NDArray audio = call.create(flat, new Shape(audioBatch.length, n)); // [B, N]
      NDArray out = salienceFromMel(frontEnd.forward(audio));
      out.attach(target);
      return out;
    }
  }

  /**
   * Raw network output for equal-length windows cut from a longer padded song: the mel is
   * computed without centre padding, so window frame j is the song's frame {@code start + j}
   * when the window's audio starts 512 samples before frame {@code start}'s centre.
   *
   * @param windowAudio [B][N] with N = 160·(T − 1) + 1024, every row the same length
   * @return [B][T][360] salience
   */
  public float[][][] windowSalience(float[][] windowAudio) {
    if (windowAudio.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    int n = windowAudio[0].length;
    for (float[] row : windowAudio) {
      if (row.length != n) {
        throw new IllegalArgumentException("windows differ in length: " + row.length + " vs " + n);
      }
    }
    try (NDManager call = manager.newSubManager()) {
      float[] flat = new float[windowAudio.length * n];
      for (int i = 0; i < windowAudio.length; i++) {
        System.arraycopy(windowAudio[i], 0, flat, i * n, n);
      }
      NDArray audio = call.create(flat, new Shape(windowAudio.length, n)); // [B, N]
      NDArray mel = frontEnd.forward(audio, false); // [B, 128, T]
      HostHeap.trim(); // the STFT's freed temporaries: 0.2 GB at 180 s, as holes the U-Net misfits
      return toHost(salienceFromMel(mel)); // [B, T, 360]
    }
  }


  /**
   * Log-mel spectrogram as the network sees it, for a batch of equal-length windows.
   *
   * @return [B][128][T] float32, T = N / 160 + 1
   */
  public float[][][] logMel(float[][] audioBatch) {
    int n = checkBatch(audioBatch);
    try (NDManager call = manager.newSubManager()) {
      float[] flat = new float[audioBatch.length * n];
      for (int i = 0; i < audioBatch.length; i++) {
        System.arraycopy(audioBatch[i], 0, flat, i * n, n);
      }
      NDArray mel = frontEnd.forward(call.create(flat, new Shape(audioBatch.length, n)));
      int b = audioBatch.length;
      int m = MelFrontEnd.MEL_BINS;
      int t = (int) mel.getShape().get(2);
      float[] data = mel.toFloatArray();
      float[][][] out = new float[b][m][t];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < m; j++) {
          System.arraycopy(data, (i * m + j) * t, out[i][j], 0, t);
        }
      }
      return out;
    }
  }

  /**
   * The network on host log-mel frames (e.g. windows cut from one whole-song {@link #logMel}),
   * with the same padding and cropping as {@link #salienceFromMel(NDArray)}.
   *
   * @param melBatch [B][128][T] float32 log-mel, every window the same T >= 17
   * @return [B][T][360] salience
   */
  public float[][][] salienceFromMel(float[][][] melBatch) {
    if (melBatch.length == 0 || melBatch[0].length != MelFrontEnd.MEL_BINS) {
      throw new IllegalArgumentException("mel batch must be [B][" + MelFrontEnd.MEL_BINS
          + "][T] with B > 0");
    }
    int b = melBatch.length;
    int m = MelFrontEnd.MEL_BINS;
    int t = melBatch[0][0].length;
    float[] flat = new float[b * m * t];
    for (int i = 0; i < b; i++) {
      if (melBatch[i].length != m) {
        throw new IllegalArgumentException("window " + i + " has " + melBatch[i].length
            + " mel bins, expected " + m);
      }
      for (int j = 0; j < m; j++) {
        if (melBatch[i][j].length != t) {
          throw new IllegalArgumentException("mel windows differ in length: " + t + " vs "
              + melBatch[i][j].length);
        }
        System.arraycopy(melBatch[i][j], 0, flat, (i * m + j) * t, t);
      }
    }
    try (NDManager call = manager.newSubManager()) {
      return toHost(salienceFromMel(call.create(flat, new Shape(b, m, t))));
    }
  }

  /**
   * The network on log-mel frames: pads time (reflect, at the end) to a multiple of 32, runs
   * {@code E2E}, crops back.
   *
   * @param mel [B, 128, T] float32 log-mel, T >= 17
   * @return [B, T, 360] float32 salience, on mel's manager
   */
  public NDArray salienceFromMel(NDArray mel) {
    long frames = mel.getShape().get(2);
    int multiple = network.timeMultiple();
    int pad = (int) ((frames + multiple - 1) / multiple * multiple - frames);
    if (pad >= frames) {
      throw new IllegalArgumentException("RMVPE needs at least " + MIN_FRAMES + " mel frames ("
          + minSamples() + " samples at 16 kHz), got " + frames);
    }
    NDManager parent = mel.getManager();
    try (NDManager scope = parent.newSubManager()) {
      mel.tempAttach(scope); // temporaries land in scope; mel returns to parent on close
      NDArray x = pad == 0 ? mel : ReflectPad.pad(mel, 2, 0, pad); // [B, 128, T']
      if (dtype != DataType.FLOAT32) {
        x = x.toType(dtype, false);
      }
      NDArray out = network.forward(x); // [B, T', 360]
      if (pad > 0) {
        out = out.get(":, 0:" + frames + ", :");
      }
      if (out.getDataType() != DataType.FLOAT32) {
        out = out.toType(DataType.FLOAT32, false);
      }
      out.attach(parent);
      return out;
    }
  }

  /** Decodes salience rows ([T][360]) to f0 in Hz (float64), 0 where unvoiced. */
  public static double[] decode(float[][] salience, float threshold) {
    return SalienceDecoder.decode(salience, threshold);
  }

  /** Architecture read from the checkpoint, for logs and {@code inspect}. */
  public String describe() {
    return "RMVPE E2E: " + network.encoderLevels() + " encoder levels x "
        + network.blocksPerLevel() + " residual blocks, first width "
        + network.encoderOutChannels() + ", " + network.intermediateLayers()
        + " intermediate layers, BiGRU hidden " + network.gruHidden() + ", "
        + network.classes() + " classes, " + dtype + " on " + manager.getDevice();
  }

  /** The network's sizes (for FLOP counts). */
  public E2eNetwork network() {
    return network;
  }

  NDManager manager() {
    return manager;
  }

  private static int checkBatch(float[][] audioBatch) {
    if (audioBatch.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    int n = audioBatch[0].length;
    for (float[] row : audioBatch) {
      if (row.length != n) {
        throw new IllegalArgumentException("batch windows differ in length: " + n + " vs "
            + row.length);
      }
    }
    if (n < minSamples()) {
      throw new IllegalArgumentException("audio too short for RMVPE: " + n + " samples, need at "
          + "least " + minSamples() + " (0.16 s at 16 kHz)");
    }
    return n;
  }

  @Override
  public void close() {
    manager.close();
  }
}
