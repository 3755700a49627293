package io.rvcbeam.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import io.rvcbeam.models.NoiseSource;
import io.rvcbeam.models.SynthConfig;
import io.rvcbeam.models.SynthInput;
import io.rvcbeam.models.Synthesizer;
import io.rvcbeam.models.random.RandomSynthWeights;
import java.util.SplittableRandom;

/**
 * CPU cost of full-size v2 synthesizers (random weights, fp32): milliseconds per second of audio.
 * Not a test. Run with one libtorch thread:
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *   -cp target/test-classes:target/classes:$(cat cp.txt) io.rvcbeam.bench.SynthesizerBench [seconds] [runs]
 * </pre>
 *
 * <p>Also times the stack notes' calibration conv ([1,512,16000]*[512,512,3], 257 ms on an idle
 * 2-core box), so numbers from a loaded machine can be put in proportion.
 */
public final class SynthesizerBench {

  private SynthesizerBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf("calibration conv1d [1,512,16000]*[512,512,3]: %.0f ms%n", calibrationMs());
    for (int sr : new int[] {40000, 48000}) {
      SynthConfig config = RandomSynthWeights.realConfig("v2", true, sr);
      try (NDManager root = NDManager.newBaseManager(Device.cpu());
          Synthesizer m = Synthesizer.fromWeights("random-v2-" + sr, config,
              RandomSynthWeights.build(config, 1), Device.cpu(), DataType.FLOAT32)) {
        SynthInput warm = SynthInput.of(item(100));
        m.infer(root, warm, NoiseSource.seeded(0, "warm", 0));
        SynthInput in = SynthInput.of(item(100 * seconds));
        double best = Double.MAX_VALUE;
        double sum = 0;
        for (int r = 0; r < runs; r++) {
          long t0 = System.nanoTime();
          m.infer(root, in, NoiseSource.seeded(0, "bench", r));
          double ms = (System.nanoTime() - t0) / 1e6 / seconds;
          best = Math.min(best, ms);
          sum += ms;
        }
        System.out.printf("v2 %d Hz f0, %d s input: %.0f ms per second of audio (best), %.0f (mean"
            + " of %d)%n", sr, seconds, best, sum / runs, runs);
      }
    }
    System.out.printf("calibration conv1d again: %.0f ms%n", calibrationMs());
  }

  private static SynthInput.Item item(int frames) {
    SplittableRandom r = new SplittableRandom(frames);
    float[] phone = new float[frames * 768];
    for (int i = 0; i < phone.length; i++) {
      phone[i] = (float) (r.nextDouble() * 2 - 1);
    }
    long[] pitch = new long[frames];
    float[] pitchf = new float[frames];
    for (int t = 0; t < frames; t++) {
      pitchf[t] = (float) (200 + 50 * Math.sin(t * 0.05));
      pitch[t] = 50 + t % 100;
    }
    return new SynthInput.Item(phone, frames, pitch, pitchf, 0);
  }

  private static double calibrationMs() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.randomNormal(new Shape(1, 512, 16000));
      NDArray w = m.randomNormal(new Shape(512, 512, 3));
      double best = Double.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        Conv1d.conv1d(x, w, null, new Shape(1), new Shape(1), new Shape(1), 1).singletonOrThrow()
            .close();
        best = Math.min(best, (System.nanoTime() - t0) / 1e6);
      }
      return best;
    }
  }
}
