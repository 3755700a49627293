package io.rvcbeam.models.rmvpe;

import io.rvcbeam.nn.Scoped;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import io.rvcbeam.checkpoint.RmvpeCheckpoint;
import io.rvcbeam.nn.HostHeap;
import io.rvcbeam.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * RMVPE's {@code E2E} network in inference mode: log-mel frames to per-frame salience of 360 pitch
 * classes (20 cents apart).
 *
 * <p>U-Net over the [time, mel] plane (encoder levels with 2x2 average pooling, intermediate
 * stages, decoder levels with transposed-conv up-sampling and skips), a 3-channel conv head, a
 * BiGRU over time and a linear + sigmoid output. Level and block counts come from the checkpoint's
 * {@link RmvpeCheckpoint} layout (the one {@code inspect} shows) and every channel width from its
 * shapes, so the released {@code E2E(4, 1, (2, 2))} and smaller test models run
 * the same code.
 */
public final class E2eNetwork {

  /** U-Net frames per window (41 s) and context on each side (5.12 s); see windowedUnet. */
  static final long UNET_WINDOW_FRAMES = 4096;
  static final long UNET_MARGIN_FRAMES = 512;

  /** Input time length must be a multiple of this (2^levels with the released 5 levels). */
  private final int timeMultiple;

  private final int melBins;
  private final int classes;
  private final int inputChannels;
  private final NDArray inputScale; // [1, C, 1, 1] folded unet.encoder.bn
  private final NDArray inputShift; // [1, C, 1, 1]
  private final List<ResidualStage> encoder;
  private final List<ResidualStage> intermediate;
  private final List<DecoderLevel> decoder;
  private final FoldedConv2d head;
  private final BiGru gru;
  private final NDArray linearWeightT; // [2H, classes]
  private final NDArray linearBias; // [classes]

  private E2eNetwork(Parameters p, RmvpeCheckpoint layout, int melBins) {
    this.melBins = melBins;
    FoldedBatchNorm inBn = FoldedBatchNorm.read(p, "unet.encoder.bn");
    this.inputChannels = inBn.channels();
    this.inputScale = Uploads.constant(p.manager(), toFloats(inBn.scale()), p.dtype(), 1,
        inputChannels, 1, 1);
    this.inputShift = Uploads.constant(p.manager(), toFloats(inBn.shift()), p.dtype(), 1,
        inputChannels, 1, 1);
    this.encoder = readStages(p, "unet.encoder.layers", layout.encoderBlocks());
    this.intermediate = readStages(p, "unet.intermediate.layers", layout.intermediateBlocks());
    List<DecoderLevel> dec = new ArrayList<>();
    for (int d = 0; d < layout.decoderBlocks().size(); d++) {
      dec.add(DecoderLevel.read(p, "unet.decoder.layers." + d, layout.decoderBlocks().get(d)));
    }
    this.decoder = List.copyOf(dec);
    this.head = FoldedConv2d.plain(p, "cnn");
    this.gru = BiGru.read(p, "fc.0.gru");
    long[] fc = p.shape("fc.1.weight");
    if (fc.length != 2 || fc[1] != 2L * gru.hiddenSize()) {
      throw new IllegalArgumentException(p.source() + ": fc.1.weight should be [classes, "
          + 2 * gru.hiddenSize() + "]");
    }
    this.classes = (int) fc[0];
    this.linearWeightT = p.get("fc.1.weight").transpose(1, 0);
    this.linearBias = p.get("fc.1.bias", fc[0]);
    this.timeMultiple = 1 << encoder.size();
    checkWiring(p);
  }

  /**
   * Builds the network from a state dict in the levels and blocks of its {@code layout}; every
   * tensor must be used (strict loading).
   */
  public static E2eNetwork read(Parameters p, RmvpeCheckpoint layout, int melBins) {
    return new E2eNetwork(p, layout, melBins);
  }

  /** @param blocks residual blocks per stage ({@code prefix.S.conv.B}) */
  private static List<ResidualStage> readStages(Parameters p, String prefix, List<Integer> blocks) {
    List<ResidualStage> stages = new ArrayList<>();
    for (int e = 0; e < blocks.size(); e++) {
      stages.add(ResidualStage.read(p, prefix + "." + e + ".conv", blocks.get(e)));
    }
    if (stages.isEmpty()) {
      throw new IllegalArgumentException(p.source() + ": no layers under '" + prefix + "'");
    }
    return List.copyOf(stages);
  }

  private void checkWiring(Parameters p) {
    List<String> problems = new ArrayList<>();
    int c = inputChannels;
    for (int i = 0; i < encoder.size(); i++) {
      if (encoder.get(i).inChannels() != c) {
        problems.add(
            "encoder level " + i + " takes " + encoder.get(i).inChannels() + ", gets " + c);
      }
      c = encoder.get(i).outChannels();
    }
    for (int i = 0; i < intermediate.size(); i++) {
      if (intermediate.get(i).inChannels() != c) {
        problems.add("intermediate " + i + " takes " + intermediate.get(i).inChannels()
            + ", gets " + c);
      }
      c = intermediate.get(i).outChannels();
    }
    if (decoder.size() != encoder.size()) {
      problems.add(decoder.size() + " decoder levels for " + encoder.size() + " encoder levels");
    }
    for (int i = 0; i < decoder.size(); i++) {
      int skip = encoder.get(encoder.size() - 1 - Math.min(i, encoder.size() - 1)).outChannels();
      if (decoder.get(i).inChannels() != c || decoder.get(i).outChannels() != skip) {
        problems.add("decoder level " + i + " maps " + decoder.get(i).inChannels() + "->"
            + decoder.get(i).outChannels() + ", expected " + c + "->" + skip);
      }
      c = decoder.get(i).outChannels();
    }
    if (head.inChannels() != c) {
      problems.add("cnn takes " + head.inChannels() + " channels, decoder gives " + c);
    }
    if (gru.inputSize() != head.outChannels() * melBins) {
      problems.add("GRU input " + gru.inputSize() + " != " + head.outChannels() + " x "
          + melBins + " mel bins");
    }
    if (melBins % timeMultiple != 0) {
      problems.add(melBins + " mel bins not divisible by " + timeMultiple);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(p.source() + ": not an RMVPE E2E state dict: "
          + String.join("; ", problems));
    }
  }

  /** Frames per call must be a multiple of this. */
  public int timeMultiple() {
    return timeMultiple;
  }

  public int classes() {
    return classes;
  }

  public int encoderLevels() {
    return encoder.size();
  }

  public int blocksPerLevel() {
    return encoder.get(0).blockCount();
  }

  public int intermediateLayers() {
    return intermediate.size();
  }

  public int encoderOutChannels() {
    return encoder.get(0).outChannels();
  }

  public int gruHidden() {
    return gru.hiddenSize();
  }

  /**
   * @param mel [B, melBins, T] log-mel in the compute dtype, T a multiple of {@link
   *     #timeMultiple()}
   * @return [B, T, classes] salience in (0, 1), on mel's manager
   */
  public NDArray forward(NDArray mel) {
    return forward(mel, UNET_WINDOW_FRAMES, UNET_MARGIN_FRAMES);
  }

  /**
   * As {@link #forward(NDArray)}, the U-Net run over windows of {@code window} frames with
   * {@code margin} frames of context on each side (both multiples of {@link #timeMultiple()}).
   */
  NDArray forward(NDArray mel, long window, long margin) {
    Shape s = mel.getShape();
    long batch = s.get(0);
    long frames = s.get(2);
    if (s.dimension() != 3 || s.get(1) != melBins || frames % timeMultiple != 0) {
      throw new IllegalArgumentException("E2E input must be [B, " + melBins + ", T] with T a "
          + "multiple of " + timeMultiple + ", got " + s);
    }
    if (window % timeMultiple != 0 || margin % timeMultiple != 0) {
      throw new IllegalArgumentException("U-Net window and margin must be multiples of "
          + timeMultiple);
    }
    return Scoped.run(mel, m -> {
      NDArray features = frames <= window + 2 * margin
          ? Scoped.run(m, whole -> unet(whole, batch, frames))
          : windowedUnet(m, batch, frames, window, margin); // [B, T, 3·mel]
      return salience(features);
    });
  }

  /**
   * The U-Net and head window by window, each window's middle kept. The U-Net has no op across
   * time but its convolutions, so a frame sees only nearby frames, and windows that start on a
   * multiple of {@link #timeMultiple()} pool on the whole input's grid. Its activations are
   * [B, 16, T, 128] floats at the first level, and the convolutions' work buffers several times
   * that: a 180-s song whole took 1.7 GB more resident memory than the song's other stages.
   * The BiGRU after it still runs over the whole input, as the reference runs it.
   */
  private NDArray windowedUnet(NDArray mel, long batch, long frames, long window, long margin) {
    NDList kept = new NDList();
    try {
      for (long a = 0; a < frames; a += window) {
        long b = Math.min(frames, a + window);
        long lo = Math.max(0, a - margin);
        long hi = Math.min(frames, b + margin);
        NDArray slice = mel.get(":, :, " + lo + ":" + hi); // [B, mel, hi − lo]
        NDArray features = Scoped.run(slice, m -> unet(m, batch, hi - lo));
        kept.add(features.get(":, " + (a - lo) + ":" + (b - lo) + ", :"));
        features.close();
        slice.close();
        // The kept middles stay between the freed activations and the next window's do not fit
        // the holes exactly: without a trim the heap grew by 0.3 GB more over a 180-s song's five
        // windows. Re-faulting a window's pages costs nothing measurable (13.5 s either way).
        HostHeap.trim();
      }
      return NDArrays.concat(kept, 1); // [B, T, 3·mel]
    } finally {
      kept.close();
    }
  }

  /** Temporaries are closed as soon as nothing reads them; only skips live across levels. */
  private NDArray unet(NDArray mel, long batch, long frames) {
    NDArray x = mel.transpose(0, 2, 1).expandDims(1); // [B, 1, T, mel]
    x = x.mul(inputScale).add(inputShift);
    List<NDArray> skips = new ArrayList<>(encoder.size());
    for (ResidualStage level : encoder) {
      NDArray full = level.forward(x); // [B, C, H, W]
      skips.add(full);
      x.close();
      x = Pool.avgPool2d(full, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }
    for (ResidualStage stage : intermediate) {
      NDArray next = stage.forward(x);
      x.close();
      x = next;
    }
    for (int i = 0; i < decoder.size(); i++) {
      NDArray skip = skips.get(skips.size() - 1 - i);
      NDArray next = decoder.get(i).forward(x, skip); // [B, C/2, 2H, 2W]
      x.close();
      skip.close();
      x = next;
    }
    return output(x, batch, frames);
  }

  /** Head: [B, C, T, mel] -> [B, T, 3·mel], the BiGRU's input. */
  private NDArray output(NDArray x, long batch, long frames) {
    NDArray c = head.forward(x); // [B, 3, T, mel]
    return c.transpose(0, 2, 1, 3).reshape(batch, frames, (long) head.outChannels() * melBins);
  }

  /** [B, T, 3·mel] -> [B, T, classes] salience. */
  private NDArray salience(NDArray features) {
    NDArray h = gru.forward(features); // [B, T, 2H]
    NDArray logits = h.matMul(linearWeightT).add(linearBias); // [B, T, classes]
    return Activation.sigmoid(logits);
  }

  private static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
