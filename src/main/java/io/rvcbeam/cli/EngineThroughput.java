package io.rvcbeam.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import java.util.function.Function;

/**
 * The engine's own float32 convolution and GEMM throughput on this device and thread setting,
 * measured with shapes like the chain's hot spots: a decoder residual conv and a HuBERT FFN
 * product. {@code benchmark} divides the chain's achieved GFLOP/s by these, a ratio that stays
 * meaningful on a loaded or unfamiliar machine.
 */
record EngineThroughput(double convGflops, double matmulGflops) {

  static final String CONV = "conv1d [1,256,8000]*[256,256,7]";
  static final String MATMUL = "matmul [2000,768]x[768,3072]";

  /** Best of three timed calls each, after one untimed call. */
  static EngineThroughput measure(Device device) {
    try (NDManager m = NDManager.newBaseManager(device)) {
      NDArray x = m.randomNormal(new Shape(1, 256, 8000));
      NDArray w = m.randomNormal(new Shape(256, 256, 7));
      double conv = gflops(2.0 * 256 * 256 * 7 * 8000, m, unused -> Conv1d.conv1d(x, w, null,
          new Shape(1), new Shape(3), new Shape(1), 1).singletonOrThrow());
      NDArray a = m.randomNormal(new Shape(2000, 768));
      NDArray b = m.randomNormal(new Shape(768, 3072));
      double matmul = gflops(2.0 * 2000 * 768 * 3072, m, unused -> a.matMul(b));
      return new EngineThroughput(conv, matmul);
    }
  }

  private static double gflops(double flops, NDManager m, Function<Void, NDArray> op) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      long t0 = System.nanoTime();
      NDArray y = op.apply(null);
      if (m.getDevice().isGpu()) {
        y.toFloatArray(); // waits for the device to finish
      }
      double s = (System.nanoTime() - t0) / 1e9;
      y.close();
      if (i > 0) {
        best = Math.min(best, s);
      }
    }
    return flops / best / 1e9;
  }
}
