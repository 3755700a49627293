package io.rvcbeam.checkpoint.hubert;

import java.util.Arrays;

/**
 * Sizes of a HuBERT / ContentVec network (post-LN "base" layout: GroupNorm on the first conv
 * layer only, layer norm after each residual).
 *
 * <p>Shape-derivable sizes are read from the state dict; strides, heads and eps come from the
 * checkpoint's config (see {@link HubertConfigReader}). Immutable; the arrays are copied in and
 * out.
 */
public final class HubertConfig {

  /** Receptive-field/stride pattern of every HuBERT/wav2vec2 base model. */
  static final int[] STANDARD_KERNELS = {10, 3, 3, 3, 3, 2, 2};

  static final int[] STANDARD_STRIDES = {5, 2, 2, 2, 2, 2, 2};

  private final int[] convDims;
  private final int[] convKernels;
  private final int[] convStrides;
  private final boolean convBias;
  private final boolean projectionLayerNorm;
  private final int hiddenSize;
  private final int numLayers;
  private final int numHeads;
  private final int intermediateSize;
  private final int posConvKernel;
  private final int posConvGroups;
  private final float layerNormEps;
  private final int projectionSize;

  /**
   * @param projectionSize width of {@code final_proj}, or 0 when the checkpoint has none
   */
  public HubertConfig(int[] convDims, int[] convKernels, int[] convStrides, boolean convBias,
      boolean projectionLayerNorm, int hiddenSize, int numLayers, int numHeads,
      int intermediateSize, int posConvKernel, int posConvGroups, float layerNormEps,
      int projectionSize) {
    if (convDims.length == 0 || convDims.length != convKernels.length
        || convDims.length != convStrides.length) {
      throw new IllegalArgumentException("conv_dim, conv_kernel and conv_stride differ in length: "
          + Arrays.toString(convDims) + ", " + Arrays.toString(convKernels) + ", "
          + Arrays.toString(convStrides));
    }
    if (numHeads <= 0 || hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException(
          "hidden size " + hiddenSize + " is not a multiple of " + numHeads + " heads");
    }
    if (posConvGroups <= 0 || hiddenSize % posConvGroups != 0) {
      throw new IllegalArgumentException(
          "hidden size " + hiddenSize + " is not a multiple of " + posConvGroups
              + " positional-conv groups");
    }
    this.convDims = convDims.clone();
    this.convKernels = convKernels.clone();
    this.convStrides = convStrides.clone();
    this.convBias = convBias;
    this.projectionLayerNorm = projectionLayerNorm;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.numHeads = numHeads;
    this.intermediateSize = intermediateSize;
    this.posConvKernel = posConvKernel;
    this.posConvGroups = posConvGroups;
    this.layerNormEps = layerNormEps;
    this.projectionSize = projectionSize;
  }

  public int[] convDims() {
    return convDims.clone();
  }

  public int[] convKernels() {
    return convKernels.clone();
  }

  public int[] convStrides() {
    return convStrides.clone();
  }

  public int convLayers() {
    return convDims.length;
  }

  public int convDim(int layer) {
    return convDims[layer];
  }

  public int convKernel(int layer) {
    return convKernels[layer];
  }

  public int convStride(int layer) {
    return convStrides[layer];
  }

  public boolean convBias() {
    return convBias;
  }

  /** Whether the feature projection starts with a layer norm ({@code feat_proj_layer_norm}). */
  public boolean projectionLayerNorm() {
    return projectionLayerNorm;
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  public int numLayers() {
    return numLayers;
  }

  public int numHeads() {
    return numHeads;
  }

  public int headSize() {
    return hiddenSize / numHeads;
  }

  public int intermediateSize() {
    return intermediateSize;
  }

  public int posConvKernel() {
    return posConvKernel;
  }

  public int posConvGroups() {
    return posConvGroups;
  }

  public float layerNormEps() {
    return layerNormEps;
  }

  public boolean hasProjection() {
    return projectionSize > 0;
  }

  public int projectionSize() {
    return projectionSize;
  }

  /** Samples one output frame sees (400 for the standard stack). */
  public long receptiveField() {
    long field = 1;
    for (int i = convKernels.length - 1; i >= 0; i--) {
      field = (field - 1) * convStrides[i] + convKernels[i];
    }
    return field;
  }

  /** Samples between frames (320 for the standard stack). */
  public long hop() {
    long hop = 1;
    for (int s : convStrides) {
      hop *= s;
    }
    return hop;
  }

  /** Output frames for {@code samples} input samples; 0 when shorter than the receptive field. */
  public long frames(long samples) {
    long len = samples;
    for (int i = 0; i < convKernels.length; i++) {
      if (len < convKernels[i]) {
        return 0;
      }
      len = (len - convKernels[i]) / convStrides[i] + 1;
    }
    return len;
  }

  @Override
  public String toString() {
    return "HubertConfig{conv_dim=" + Arrays.toString(convDims)
        + ", conv_kernel=" + Arrays.toString(convKernels)
        + ", conv_stride=" + Arrays.toString(convStrides)
        + ", conv_bias=" + convBias
        + ", hidden=" + hiddenSize
        + ", layers=" + numLayers
        + ", heads=" + numHeads
        + ", ffn=" + intermediateSize
        + ", pos_conv=" + posConvKernel + "/" + posConvGroups
        + ", eps=" + layerNormEps
        + ", final_proj=" + projectionSize + "}";
  }
}
