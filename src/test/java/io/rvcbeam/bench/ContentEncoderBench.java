package io.rvcbeam.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.models.ContentEncoder.Features;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.random.RandomHubertWeights;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Time of the full-size HuBERT base (random weights) per second of 16 kHz audio, fp32 on CPU.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt \
 *     -Dmdep.includeScope=test
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 \
 *     -Dai.djl.pytorch.num_interop_threads=1 -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     io.rvcbeam.bench.ContentEncoderBench [seconds=10] [iterations=5]
 * </pre>
 */
public final class ContentEncoderBench {

  private ContentEncoderBench() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long t0 = System.nanoTime();
    try (ContentEncoder encoder = ContentEncoder.fromStateDict("random full-size",
        RandomHubertWeights.fullSize(1), Map.of(), Device.cpu(), DataType.FLOAT32)) {
      System.out.printf("load (random weights): %.0f ms%n", (System.nanoTime() - t0) / 1e6);
      float[][] audio = new float[1][seconds * 16_000];
      SplittableRandom r = new SplittableRandom(2);
      for (int i = 0; i < audio[0].length; i++) {
        audio[0][i] = (float) (0.3 * Math.sin(i * 0.05) + 0.05 * (2 * r.nextDouble() - 1));
      }
      encoder.encode(audio, Features.V2); // warm-up
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      double best = Double.MAX_VALUE;
      double sum = 0;
      double cpuSum = 0;
      for (int i = 0; i < iterations; i++) {
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        float[][][] out = encoder.encode(audio, Features.V2);
        double ms = (System.nanoTime() - start) / 1e6;
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        best = Math.min(best, ms);
        sum += ms;
        cpuSum += cpuMs;
        System.out.printf("iteration %d: %.0f ms wall, %.0f ms cpu (this thread) for %d s"
            + " -> [1, %d, %d]%n", i, ms, cpuMs, seconds, out[0].length, out[0][0].length);
      }
      // With one intra-op thread libtorch computes on the calling thread, so its CPU time is
      // the work itself; wall time also counts waiting for a core on a busy machine.
      System.out.printf("ms per second of audio: wall mean %.1f, wall best %.1f, cpu mean %.1f%n",
          sum / iterations / seconds, best / seconds, cpuSum / iterations / seconds);
    }
  }
}
