package io.rvcbeam.models.rmvpe;

import io.rvcbeam.nn.Parameters;

/**
 * An inference-mode BatchNorm2d as a per-channel affine map {@code y = x * scale + shift}, with
 * {@code scale = weight / sqrt(running_var + eps)} and {@code shift = bias - running_mean * scale},
 * computed in float64.
 */
record FoldedBatchNorm(double[] scale, double[] shift) {

  /** PyTorch's BatchNorm2d default, used by every RMVPE norm layer. */
  static final double EPS = 1e-5;

  /** Reads {@code prefix.{weight,bias,running_mean,running_var,num_batches_tracked}}. */
  static FoldedBatchNorm read(Parameters p, String prefix) {
    double[] gamma = p.host(prefix + ".weight").toDoubleArray();
    double[] beta = p.host(prefix + ".bias").toDoubleArray();
    double[] mean = p.host(prefix + ".running_mean").toDoubleArray();
    double[] var = p.host(prefix + ".running_var").toDoubleArray();
    if (p.has(prefix + ".num_batches_tracked")) {
      p.host(prefix + ".num_batches_tracked"); // training counter; unused in inference
    }
    int c = gamma.length;
    if (beta.length != c || mean.length != c || var.length != c) {
      throw new IllegalArgumentException(
          p.source() + ": BatchNorm '" + prefix + "' has inconsistent channel counts");
    }
    double[] scale = new double[c];
    double[] shift = new double[c];
    for (int i = 0; i < c; i++) {
      scale[i] = gamma[i] / Math.sqrt(var[i] + EPS);
      shift[i] = beta[i] - mean[i] * scale[i];
    }
    return new FoldedBatchNorm(scale, shift);
  }

  int channels() {
    return scale.length;
  }
}
