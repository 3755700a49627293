package io.rvcbeam.models.rmvpe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import io.rvcbeam.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * RMVPE's {@code E2E} network in inference mode: log-mel frames to per-frame salience of 360 pitch
 * classes (20 cents apart).
 *
 * <p>U-Net over the [time, mel] plane (encoder levels with 2x2 average pooling, intermediate
 * stages, decoder levels with transposed-conv up-sampling and skips), a 3-channel conv head, a
 * BiGRU over time and a linear + sigmoid output. Level and block counts and every channel width are
 * read from the checkpoint, so the released {@code E2E(4, 1, (2, 2))} and smaller test models run
 * the same code.
 */
public final class E2eNetwork {

  /** Input time length must be a multiple of this (2^levels with the released 5 levels). */
  private final int timeMultiple;

  private final int melBins;
  private final int classes;
  private final double[] inputScale; // folded unet.encoder.bn, per input channel
  private final double[] inputShift;
  private final List<ResidualStage> encoder;
  private final List<ResidualStage> intermediate;
  private final List<DecoderLevel> decoder;
  private final FoldedConv2d head;
  private final BiGru gru;
  private final NDArray linearWeightT; // [2H, classes]
  private final NDArray linearBias; // [classes]

  private E2eNetwork(Parameters p, int melBins) {
    this.melBins = melBins;
    FoldedBatchNorm inBn = FoldedBatchNorm.read(p, "unet.encoder.bn");
    this.inputScale = inBn.scale();
    this.inputShift = inBn.shift();
    this.encoder = readStages(p, "unet.encoder.layers", ".conv");
    this.intermediate = readStages(p, "unet.intermediate.layers", ".conv");
    List<DecoderLevel> dec = new ArrayList<>();
    for (int d = 0; DecoderLevel.present(p, "unet.decoder.layers." + d); d++) {
      dec.add(DecoderLevel.read(p, "unet.decoder.layers." + d));
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

  /** Builds the network from a state dict; every tensor must be used (strict loading). */
  public static E2eNetwork read(Parameters p, int melBins) {
    return new E2eNetwork(p, melBins);
  }

  private static List<ResidualStage> readStages(Parameters p, String prefix, String body) {
    List<ResidualStage> stages = new ArrayList<>();
    for (int e = 0; ResidualConvBlock.present(p, prefix + "." + e + body + ".0"); e++) {
      stages.add(ResidualStage.read(p, prefix + "." + e + body));
    }
    if (stages.isEmpty()) {
      throw new IllegalArgumentException(p.source() + ": no layers under '" + prefix + "'");
    }
    return List.copyOf(stages);
  }

  private void checkWiring(Parameters p) {
    List<String> problems = new ArrayList<>();
    int c = inputScale.length;
    for (int i = 0; i < encoder.size(); i++) {
      if (encoder.get(i).inChannels() != c) {
        problems.add("encoder level " + i + " takes " + encoder.get(i).inChannels() + ", gets " + c);
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
    Shape s = mel.getShape();
    long batch = s.get(0);
    long frames = s.get(2);
    if (s.dimension() != 3 || s.get(1) != melBins || frames % timeMultiple != 0) {
      throw new IllegalArgumentException("E2E input must be [B, " + melBins + ", T] with T a "
          + "multiple of " + timeMultiple + ", got " + s);
    }
    NDArray x = mel.transpose(0, 2, 1).expandDims(1); // [B, 1, T, mel]
    x = affine(x, inputScale, inputShift);
    List<NDArray> skips = new ArrayList<>(encoder.size());
    for (ResidualStage level : encoder) {
      NDArray full = level.forward(x);
      skips.add(full);
      x = Pool.avgPool2d(full, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }
    for (ResidualStage stage : intermediate) {
      x = stage.forward(x);
    }
    for (int i = 0; i < decoder.size(); i++) {
      x = decoder.get(i).forward(x, skips.get(skips.size() - 1 - i));
    }
    x = head.forward(x); // [B, 3, T, mel]
    x = x.transpose(0, 2, 1, 3).reshape(batch, frames, (long) head.outChannels() * melBins);
    NDArray h = gru.forward(x); // [B, T, 2H]
    NDArray logits = h.matMul(linearWeightT).add(linearBias); // [B, T, classes]
    return Activation.sigmoid(logits);
  }

  private static NDArray affine(NDArray x, double[] scale, double[] shift) {
    int c = scale.length;
    float[] sc = new float[c];
    float[] sh = new float[c];
    for (int i = 0; i < c; i++) {
      sc[i] = (float) scale[i];
      sh[i] = (float) shift[i];
    }
    NDArray scaleArr = x.getManager().create(sc, new Shape(1, c, 1, 1)).toType(x.getDataType(),
        false);
    NDArray shiftArr = x.getManager().create(sh, new Shape(1, c, 1, 1)).toType(x.getDataType(),
        false);
    return x.mul(scaleArr).add(shiftArr);
  }
}
