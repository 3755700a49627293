package io.rvcbeam.models.rmvpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.nn.Parameters;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DoublingTransposedConvTest {

  /** Direct definition: y[o, 2i - 1 + kh, 2j - 1 + kw] += x[c, i, j] * w[c, o, kh, kw]. */
  private static float[] naiveTransposedConv(float[] x, float[] w, int b, int cin, int cout,
      int h, int wd) {
    int oh = 2 * h;
    int ow = 2 * wd;
    float[] y = new float[b * cout * oh * ow];
    for (int n = 0; n < b; n++) {
      for (int c = 0; c < cin; c++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < wd; j++) {
            float xv = x[((n * cin + c) * h + i) * wd + j];
            for (int o = 0; o < cout; o++) {
              for (int kh = 0; kh < 3; kh++) {
                for (int kw = 0; kw < 3; kw++) {
                  int r = 2 * i - 1 + kh;
                  int q = 2 * j - 1 + kw;
                  if (r < 0 || r >= oh || q < 0 || q >= ow) {
                    continue;
                  }
                  y[((n * cout + o) * oh + r) * ow + q] +=
                      xv * w[((c * cout + o) * 3 + kh) * 3 + kw];
                }
              }
            }
          }
        }
      }
    }
    return y;
  }

  @Test
  void givenRandomWeights_matchesTransposedConvDefinitionWithBatchNorm() {
    int b = 2;
    int cin = 3;
    int cout = 5;
    int h = 4;
    int wd = 6;
    Random rnd = new Random(7);
    float[] x = new float[b * cin * h * wd];
    float[] w = new float[cin * cout * 9];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rnd.nextGaussian();
    }
    float[] gamma = new float[cout];
    float[] beta = new float[cout];
    float[] mean = new float[cout];
    float[] var = new float[cout];
    for (int o = 0; o < cout; o++) {
      gamma[o] = 0.5f + rnd.nextFloat();
      beta[o] = (float) rnd.nextGaussian();
      mean[o] = (float) rnd.nextGaussian();
      var[o] = 0.5f + rnd.nextFloat();
    }
    Map<String, HostTensor> sd = new HashMap<>();
    sd.put("up.0.weight", HostTensor.ofFloats(w, cin, cout, 3, 3));
    sd.put("up.1.weight", HostTensor.ofFloats(gamma, cout));
    sd.put("up.1.bias", HostTensor.ofFloats(beta, cout));
    sd.put("up.1.running_mean", HostTensor.ofFloats(mean, cout));
    sd.put("up.1.running_var", HostTensor.ofFloats(var, cout));

    float[] ref = naiveTransposedConv(x, w, b, cin, cout, h, wd);
    int plane = 4 * h * wd;
    for (int n = 0; n < b; n++) {
      for (int o = 0; o < cout; o++) {
        double scale = gamma[o] / Math.sqrt(var[o] + 1e-5);
        for (int k = 0; k < plane; k++) {
          int idx = (n * cout + o) * plane + k;
          ref[idx] = (float) ((ref[idx] - mean[o]) * scale + beta[o]);
        }
      }
    }
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters p = new Parameters("test", sd, m, DataType.FLOAT32);
      DoublingTransposedConv up = DoublingTransposedConv.withBatchNorm(p, "up.0.weight", "up.1");
      NDArray y = up.forward(m.create(x, new Shape(b, cin, h, wd)));
      assertArrayEquals(new long[] {b, cout, 2 * h, 2 * wd}, y.getShape().getShape());
      float[] got = y.toFloatArray();
      for (int i = 0; i < ref.length; i++) {
        assertEquals(ref[i], got[i], 1e-4, "element " + i);
      }
    }
  }
}
