package io.rvcbeam.models.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.nn.Parameters;
import io.rvcbeam.nn.Scoped;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked, banded attention against VITS' relative-position attention written out by its
 * definition, in double, for blocks that split the rows anywhere (band cut at both song edges,
 * blocks shorter than the band, one block) and a padded second slot.
 */
class RelativePositionAttentionTest {

  private static final int C = 8;
  private static final int HEADS = 2;
  private static final int WINDOW = 3;
  private static final int T = 23;
  private static final int[] LENGTHS = {23, 17};

  @ParameterizedTest
  @CsvSource({"1", "2", "5", "7", "23", "100"})
  void givenAnyBlockOfQueryRows_matchesTheDefinition(long rows) {
    SplittableRandom r = new SplittableRandom(7);
    Map<String, HostTensor> tensors = new HashMap<>();
    Map<String, float[]> w = new HashMap<>();
    for (String conv : new String[] {"q", "k", "v", "o"}) {
      w.put(conv + ".w", random(r, C * C));
      w.put(conv + ".b", random(r, C));
      tensors.put("a.conv_" + conv + ".weight", HostTensor.ofFloats(w.get(conv + ".w"), C, C, 1));
      tensors.put("a.conv_" + conv + ".bias", HostTensor.ofFloats(w.get(conv + ".b"), C));
    }
    int dk = C / HEADS;
    float[] relK = random(r, (2 * WINDOW + 1) * dk);
    float[] relV = random(r, (2 * WINDOW + 1) * dk);
    tensors.put("a.emb_rel_k", HostTensor.ofFloats(relK, 1, 2 * WINDOW + 1, dk));
    tensors.put("a.emb_rel_v", HostTensor.ofFloats(relV, 1, 2 * WINDOW + 1, dk));
    int b = LENGTHS.length;
    float[] x = random(r, b * C * T);
    float[] mask = new float[b * T];
    for (int s = 0; s < b; s++) {
      for (int t = 0; t < T; t++) {
        mask[s * T + t] = t < LENGTHS[s] ? 1f : 0f;
        if (t >= LENGTHS[s]) {
          for (int c = 0; c < C; c++) {
            x[(s * C + c) * T + t] = 0f; // the encoder masks its input
          }
        }
      }
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      SynthWeights sw = new SynthWeights(new Parameters("test", tensors, m, DataType.FLOAT32));
      RelativePositionAttention attention =
          new RelativePositionAttention(sw, "a", C, HEADS, WINDOW);
      NDArray y = attention.forward(m.create(x, new Shape(b, C, T)),
          m.create(mask, new Shape(b, 1, T)), rows);
      assertArrayEquals(definition(x, mask, w, relK, relV), y.toFloatArray(), 2e-5f);
    }
  }

  /**
   * In the encoder the attention runs in a layer scope ({@link Scoped#run}) while the frame mask
   * lives on the call's manager: whatever it derives from the mask must be closed, or one
   * [1, 1, rows, T] per block piles up on the call's manager until the call ends (60 MB per layer
   * at 40-s chunks).
   */
  @ParameterizedTest
  @CsvSource({"1", "5", "100"})
  void leavesOnlyItsResultOnTheCallsManager(long rows) {
    SplittableRandom r = new SplittableRandom(3);
    Map<String, HostTensor> tensors = new HashMap<>();
    for (String conv : new String[] {"q", "k", "v", "o"}) {
      tensors.put("a.conv_" + conv + ".weight", HostTensor.ofFloats(random(r, C * C), C, C, 1));
      tensors.put("a.conv_" + conv + ".bias", HostTensor.ofFloats(random(r, C), C));
    }
    int dk = C / HEADS;
    tensors.put("a.emb_rel_k", HostTensor.ofFloats(random(r, (2 * WINDOW + 1) * dk), 1,
        2 * WINDOW + 1, dk));
    tensors.put("a.emb_rel_v", HostTensor.ofFloats(random(r, (2 * WINDOW + 1) * dk), 1,
        2 * WINDOW + 1, dk));
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        NDManager call = m.newSubManager()) {
      SynthWeights sw = new SynthWeights(new Parameters("test", tensors, m, DataType.FLOAT32));
      RelativePositionAttention attention =
          new RelativePositionAttention(sw, "a", C, HEADS, WINDOW);
      NDArray x = call.create(random(r, 2 * C * T), new Shape(2, C, T));
      NDArray mask = call.ones(new Shape(2, 1, T));
      int before = call.getManagedArrays().size();
      NDArray y = Scoped.run(x, in -> attention.forward(in, mask, rows));
      assertEquals(before + 1, call.getManagedArrays().size(),
          "arrays left on the call's manager besides the result");
      assertEquals(new Shape(2, C, T), y.getShape());
    }
  }

  /** VITS MultiHeadAttention with window_size, by its formulas. */
  private static float[] definition(float[] x, float[] mask, Map<String, float[]> w,
      float[] relK, float[] relV) {
    int b = mask.length / T;
    int dk = C / HEADS;
    double scale = 1 / Math.sqrt(dk);
    float[] out = new float[b * C * T];
    for (int s = 0; s < b; s++) {
      double[][] q = conv1x1(x, s, w.get("q.w"), w.get("q.b"));
      double[][] k = conv1x1(x, s, w.get("k.w"), w.get("k.b"));
      double[][] v = conv1x1(x, s, w.get("v.w"), w.get("v.b"));
      double[][] merged = new double[C][T];
      for (int h = 0; h < HEADS; h++) {
        for (int i = 0; i < T; i++) {
          double[] score = new double[T];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < T; j++) {
            int o = j - i + WINDOW;
            double sc = 0;
            for (int d = 0; d < dk; d++) {
              double qs = q[h * dk + d][i] * scale;
              sc += qs * k[h * dk + d][j];
              if (o >= 0 && o <= 2 * WINDOW) {
                sc += qs * relK[o * dk + d];
              }
            }
            score[j] = mask[s * T + i] * mask[s * T + j] == 0 ? -1e4 : sc;
            max = Math.max(max, score[j]);
          }
          double sum = 0;
          for (int j = 0; j < T; j++) {
            score[j] = Math.exp(score[j] - max);
            sum += score[j];
          }
          for (int d = 0; d < dk; d++) {
            double acc = 0;
            for (int j = 0; j < T; j++) {
              int o = j - i + WINDOW;
              double value = v[h * dk + d][j] + (o >= 0 && o <= 2 * WINDOW ? relV[o * dk + d] : 0);
              acc += score[j] / sum * value;
            }
            merged[h * dk + d][i] = acc;
          }
        }
      }
      float[] wo = w.get("o.w");
      float[] bo = w.get("o.b");
      for (int c = 0; c < C; c++) {
        for (int t = 0; t < T; t++) {
          double acc = bo[c];
          for (int ci = 0; ci < C; ci++) {
            acc += wo[c * C + ci] * merged[ci][t];
          }
          out[(s * C + c) * T + t] = (float) acc;
        }
      }
    }
    return out;
  }

  private static double[][] conv1x1(float[] x, int s, float[] weight, float[] bias) {
    double[][] y = new double[C][T];
    for (int c = 0; c < C; c++) {
      for (int t = 0; t < T; t++) {
        double acc = bias[c];
        for (int ci = 0; ci < C; ci++) {
          acc += weight[c * C + ci] * x[(s * C + ci) * T + t];
        }
        y[c][t] = acc;
      }
    }
    return y;
  }

  private static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (2 * r.nextDouble() - 1);
    }
    return a;
  }
}
