package io.rvcbeam.models.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.nn.Parameters;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolyphaseConvTransposeTest {

  /** PyTorch ConvTranspose1d by its definition: y[o, t·s + k − p] += W[i, o, k]·x[i, t] + b. */
  static float[] naive(float[] x, int cin, int len, float[] w, float[] b, int cout, int k, int s,
      int p) {
    int outLen = (len - 1) * s - 2 * p + k;
    double[] y = new double[cout * outLen];
    for (int o = 0; o < cout; o++) {
      for (int n = 0; n < outLen; n++) {
        y[o * outLen + n] = b[o];
      }
    }
    for (int i = 0; i < cin; i++) {
      for (int o = 0; o < cout; o++) {
        for (int t = 0; t < len; t++) {
          for (int kk = 0; kk < k; kk++) {
            int n = t * s + kk - p;
            if (n >= 0 && n < outLen) {
              y[o * outLen + n] += (double) w[(i * cout + o) * k + kk] * x[i * len + t];
            }
          }
        }
      }
    }
    float[] out = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = (float) y[i];
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"16,10,3", "24,12,6", "20,10,5", "4,2,1", "12,6,3", "5,2,0", "3,3,0"})
  void givenRvcStage_matchesDefinition(int k, int s, int p) {
    int cin = 3;
    int cout = 2;
    int len = 7;
    SplittableRandom r = new SplittableRandom(k * 31L + s);
    float[] x = new float[cin * len];
    float[] w = new float[cin * cout * k];
    float[] b = new float[cout];
    for (float[] a : new float[][] {x, w, b}) {
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (2 * r.nextDouble() - 1);
      }
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      SynthWeights sw = new SynthWeights(new Parameters("test", Map.of(), m, DataType.FLOAT32));
      PolyphaseConvTranspose ct = new PolyphaseConvTranspose(sw, w, b, cin, cout, k, s, p);
      NDArray y = ct.forward(m.create(x, new Shape(1, cin, len)));
      int outLen = (len - 1) * s - 2 * p + k;
      assertEquals(new Shape(1, cout, outLen), y.getShape());
      assertArrayEquals(naive(x, cin, len, w, b, cout, k, s, p), y.toFloatArray(), 1e-5f);
    }
  }
}
