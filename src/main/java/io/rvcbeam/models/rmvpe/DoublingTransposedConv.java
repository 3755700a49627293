package io.rvcbeam.models.rmvpe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.nn.Parameters;
import java.util.Arrays;

/**
 * RMVPE's decoder up-sampling {@code ConvTranspose2d(cin, cout, 3, stride 2, padding 1,
 * output_padding 1, bias=False)} followed by its BatchNorm, as one ordinary convolution
 * (DJL's PyTorch engine has no transposed convolution).
 *
 * <p>Polyphase form: with {@code o = 2i - 1 + k}, output row {@code 2m} takes only kernel row 1
 * at input row m, and output row {@code 2m + 1} takes kernel row 2 at input row m plus kernel row
 * 0 at input row m + 1 (zero past the end); the same holds for columns. So one 2x2 convolution
 * over the input zero-padded by one row and column at the end, with {@code 4 * cout} output
 * channels (one group per output phase), followed by interleaving, gives the exact result with no
 * multiplications by inserted zeros.
 */
final class DoublingTransposedConv {

  /** Kernel row/column used by output phase a (0 even, 1 odd) at input offset d; -1: none. */
  private static final int[][] TAP = {{1, -1}, {2, 0}};

  private final NDArray weight; // [4 * Cout, Cin, 2, 2], phase-major: (a, b, cout)
  private final NDArray bias; // [4 * Cout]
  private final int inChannels;
  private final int outChannels;

  private DoublingTransposedConv(NDArray weight, NDArray bias, int inChannels, int outChannels) {
    this.weight = weight;
    this.bias = bias;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
  }

  /** Reads the transposed-conv weight {@code [Cin, Cout, 3, 3]} and the BatchNorm after it. */
  static DoublingTransposedConv withBatchNorm(Parameters p, String convKey, String bnPrefix) {
    long[] shape = p.shape(convKey);
    if (shape.length != 4 || shape[2] != 3 || shape[3] != 3) {
      throw new IllegalArgumentException(p.source() + ": transposed conv '" + convKey
          + "' should be [Cin, Cout, 3, 3], is " + Arrays.toString(shape));
    }
    int cin = (int) shape[0];
    int cout = (int) shape[1];
    float[] w = p.host(convKey).toFloatArray();
    FoldedBatchNorm bn = FoldedBatchNorm.read(p, bnPrefix);
    if (bn.channels() != cout) {
      throw new IllegalArgumentException(p.source() + ": BatchNorm '" + bnPrefix + "' has "
          + bn.channels() + " channels, transposed conv '" + convKey + "' has " + cout);
    }
    float[] poly = polyphaseWeight(w, cin, cout, bn.scale());
    float[] b = new float[4 * cout];
    for (int phase = 0; phase < 4; phase++) {
      for (int o = 0; o < cout; o++) {
        b[phase * cout + o] = (float) bn.shift()[o];
      }
    }
    NDArray weight = Uploads.constant(p.manager(), poly, p.dtype(), 4L * cout, cin, 2, 2);
    NDArray bias = Uploads.constant(p.manager(), b, p.dtype(), 4L * cout);
    return new DoublingTransposedConv(weight, bias, cin, cout);
  }

  /**
   * @param w torch ConvTranspose2d weight [cin, cout, 3, 3]
   * @param scale per-output-channel factor (folded BatchNorm), or null for none
   * @return [4 * cout, cin, 2, 2] ordinary conv weight, output channel = (2a + b) * cout + o
   */
  static float[] polyphaseWeight(float[] w, int cin, int cout, double[] scale) {
    float[] poly = new float[4 * cout * cin * 4];
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        for (int o = 0; o < cout; o++) {
          int oc = (2 * a + b) * cout + o;
          double s = scale == null ? 1.0 : scale[o];
          for (int i = 0; i < cin; i++) {
            for (int da = 0; da < 2; da++) {
              for (int db = 0; db < 2; db++) {
                int kh = TAP[a][da];
                int kw = TAP[b][db];
                if (kh < 0 || kw < 0) {
                  continue;
                }
                float v = w[((i * cout + o) * 3 + kh) * 3 + kw];
                poly[((oc * cin + i) * 2 + da) * 2 + db] = (float) (v * s);
              }
            }
          }
        }
      }
    }
    return poly;
  }

  int inChannels() {
    return inChannels;
  }

  int outChannels() {
    return outChannels;
  }

  /** [B, Cin, H, W] -> [B, Cout, 2H, 2W] (BatchNorm applied, no activation). */
  NDArray forward(NDArray x) {
    Shape s = x.getShape();
    long batch = s.get(0);
    long h = s.get(2);
    long w = s.get(3);
    NDArray padded = x.pad(new Shape(0, 1, 0, 1), 0); // one zero column and row at the end
    NDArray phases = padded.getNDArrayInternal()
        .convolution(padded, weight, bias, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
        .singletonOrThrow(); // [B, 4 * Cout, H, W]
    return phases.reshape(batch, 2, 2, outChannels, h, w)
        .transpose(0, 3, 4, 1, 5, 2) // [B, Cout, H, a, W, b]
        .reshape(batch, outChannels, 2 * h, 2 * w);
  }
}
