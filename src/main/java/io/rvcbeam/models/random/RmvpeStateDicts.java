package io.rvcbeam.models.random;

import io.rvcbeam.checkpoint.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Random RMVPE {@code E2E} state dicts with the released key names and shapes (docs/algorithm.md §4.4),
 * for tests and benchmarks that need a full-size model without the 180 MB file.
 */
public final class RmvpeStateDicts {

  private RmvpeStateDicts() {}

  /** The released {@code rmvpe.pt}: E2E(4, 1, (2, 2)), 5 levels, inter 4, en_out 16. */
  public static Map<String, HostTensor> released(long seed) {
    return random(seed, 5, 4, 4, 16, 256);
  }

  /** The golden tiny model's architecture: E2E(2, 1, (2, 2)), inter 2, en_out 1. */
  public static Map<String, HostTensor> tiny(long seed) {
    return random(seed, 5, 2, 2, 1, 256);
  }

  /**
   * @param levels en_de_layers
   * @param blocks n_blocks (residual blocks per level)
   * @param inter inter_layers
   * @param enOut en_out_channels
   * @param hidden GRU hidden size
   */
  public static Map<String, HostTensor> random(long seed, int levels, int blocks, int inter,
      int enOut, int hidden) {
    Random rnd = new Random(seed);
    Map<String, HostTensor> sd = new LinkedHashMap<>();
    batchNorm(sd, rnd, "unet.encoder.bn", 1);
    int cin = 1;
    int cout = enOut;
    for (int e = 0; e < levels; e++) {
      stage(sd, rnd, "unet.encoder.layers." + e + ".conv", blocks, cin, cout);
      cin = cout;
      cout *= 2;
    }
    // cin: last encoder width; intermediate doubles it once
    int width = 2 * cin;
    for (int i = 0; i < inter; i++) {
      stage(sd, rnd, "unet.intermediate.layers." + i + ".conv", blocks, i == 0 ? cin : width,
          width);
    }
    int din = width;
    for (int d = 0; d < levels; d++) {
      int dout = din / 2;
      sd.put("unet.decoder.layers." + d + ".conv1.0.weight",
          normal(rnd, Math.sqrt(2.0 / (din * 9)), din, dout, 3, 3));
      batchNorm(sd, rnd, "unet.decoder.layers." + d + ".conv1.1", dout);
      stage(sd, rnd, "unet.decoder.layers." + d + ".conv2", blocks, 2 * dout, dout);
      din = dout;
    }
    sd.put("cnn.weight", normal(rnd, Math.sqrt(2.0 / (enOut * 9)), 3, enOut, 3, 3));
    sd.put("cnn.bias", normal(rnd, 0.1, 3));
    int input = 3 * 128;
    double g = 1 / Math.sqrt(hidden);
    for (String dir : new String[] {"", "_reverse"}) {
      sd.put("fc.0.gru.weight_ih_l0" + dir, normal(rnd, g, 3 * hidden, input));
      sd.put("fc.0.gru.weight_hh_l0" + dir, normal(rnd, g, 3 * hidden, hidden));
      sd.put("fc.0.gru.bias_ih_l0" + dir, normal(rnd, g, 3 * hidden));
      sd.put("fc.0.gru.bias_hh_l0" + dir, normal(rnd, g, 3 * hidden));
    }
    sd.put("fc.1.weight", normal(rnd, 1 / Math.sqrt(2 * hidden), 360, 2 * hidden));
    sd.put("fc.1.bias", normal(rnd, 1, 360));
    return sd;
  }

  private static void stage(Map<String, HostTensor> sd, Random rnd, String prefix, int blocks,
      int cin, int cout) {
    for (int b = 0; b < blocks; b++) {
      int in = b == 0 ? cin : cout;
      String p = prefix + "." + b;
      sd.put(p + ".conv.0.weight", normal(rnd, Math.sqrt(1.0 / (in * 9)), cout, in, 3, 3));
      batchNorm(sd, rnd, p + ".conv.1", cout);
      sd.put(p + ".conv.3.weight", normal(rnd, Math.sqrt(1.0 / (cout * 9)), cout, cout, 3, 3));
      batchNorm(sd, rnd, p + ".conv.4", cout);
      if (in != cout) {
        sd.put(p + ".shortcut.weight", normal(rnd, Math.sqrt(1.0 / in), cout, in, 1, 1));
        sd.put(p + ".shortcut.bias", normal(rnd, 0.1, cout));
      }
    }
  }

  private static void batchNorm(Map<String, HostTensor> sd, Random rnd, String prefix, int c) {
    float[] gamma = new float[c];
    float[] beta = new float[c];
    float[] mean = new float[c];
    float[] var = new float[c];
    for (int i = 0; i < c; i++) {
      gamma[i] = 0.5f + rnd.nextFloat();
      beta[i] = (float) (0.1 * rnd.nextGaussian());
      mean[i] = (float) (0.1 * rnd.nextGaussian());
      var[i] = 0.5f + rnd.nextFloat(); // positive, as a trained running variance is
    }
    sd.put(prefix + ".weight", HostTensor.ofFloats(gamma, c));
    sd.put(prefix + ".bias", HostTensor.ofFloats(beta, c));
    sd.put(prefix + ".running_mean", HostTensor.ofFloats(mean, c));
    sd.put(prefix + ".running_var", HostTensor.ofFloats(var, c));
    ByteBuffer counter = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
    sd.put(prefix + ".num_batches_tracked",
        new HostTensor(HostTensor.DType.INT64, new long[0], counter));
  }

  /**
   * Zero-mean uniform values with standard deviation {@code std}, from a xorshift generator seeded
   * by {@code rnd} (the released size needs ~90 M values; {@code nextGaussian} takes seconds).
   */
  private static HostTensor normal(Random rnd, double std, long... shape) {
    float[] v = new float[Math.toIntExact(HostTensor.numel(shape))];
    long state = rnd.nextLong() | 1L;
    float scale = (float) (std * Math.sqrt(3.0) / (1L << 23));
    for (int i = 0; i < v.length; i++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      int bits24 = (int) (state >>> 40); // 0 .. 2^24 - 1
      v[i] = (bits24 - (1 << 23)) * scale;
    }
    return HostTensor.ofFloats(v, shape);
  }
}
