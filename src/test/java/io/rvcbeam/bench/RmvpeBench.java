package io.rvcbeam.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.random.RmvpeStateDicts;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Speed of the released-size RMVPE (random weights) on one input length: milliseconds of compute
 * per second of 16 kHz audio, median of several runs after a warm-up. Not a test.
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt \
 *     -Dmdep.includeScope=test
 * java -Xmx6g -Dai.djl.offline=true \
 *     -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     io.rvcbeam.bench.RmvpeBench SECONDS RUNS [cpu|gpu] [fp32|fp16]
 * </pre>
 */
public final class RmvpeBench {

  private RmvpeBench() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Device device = args.length > 2 && args[2].equals("gpu") ? Device.gpu() : Device.cpu();
    DataType dtype = args.length > 3 && args[3].equals("fp16") ? DataType.FLOAT16
        : DataType.FLOAT32;
    int samples = (int) Math.round(seconds * PitchEstimator.SAMPLE_RATE);
    float[] audio = new float[samples];
    java.util.Random rnd = new java.util.Random(1);
    for (int i = 0; i < samples; i++) {
      audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16000.0)
          + 0.01 * rnd.nextGaussian());
    }
    long t0 = System.nanoTime();
    try (PitchEstimator model = PitchEstimator.fromStateDict("released-size-random",
        RmvpeStateDicts.released(42), device, dtype)) {
      System.out.printf("load (random weights): %.0f ms; %s%n", (System.nanoTime() - t0) / 1e6,
          model.describe());
      model.estimate(audio, PitchEstimator.DEFAULT_THRESHOLD); // warm-up
      // With one intra-op thread libtorch computes on the calling thread, so its CPU time is the
      // compute time even when other processes compete for the cores (wall time is not).
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      double[] ms = new double[runs];
      double[] cpuMs = new double[runs];
      for (int r = 0; r < runs; r++) {
        long s = System.nanoTime();
        long c = threads.getCurrentThreadCpuTime();
        float[] f0 = model.estimate(audio, PitchEstimator.DEFAULT_THRESHOLD);
        ms[r] = (System.nanoTime() - s) / 1e6;
        cpuMs[r] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
        if (f0.length != PitchEstimator.frameCount(samples)) {
          throw new IllegalStateException("frame count " + f0.length);
        }
      }
      Arrays.sort(ms);
      Arrays.sort(cpuMs);
      double median = ms[runs / 2];
      System.out.printf("%s %s, %.1f s audio, %d runs: median %.0f ms (min %.0f, max %.0f) "
          + "= %.1f ms per second of audio%n", device, dtype, seconds, runs, median, ms[0],
          ms[runs - 1], median / seconds);
      System.out.printf("thread CPU time: median %.0f ms (min %.0f) = %.1f ms per second of audio; "
          + "load average %.1f%n", cpuMs[runs / 2], cpuMs[0], cpuMs[runs / 2] / seconds,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
