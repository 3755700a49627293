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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: full-size v2 synthesizers with f0 (random weights, fp32, CPU, one libtorch thread) on
 * {@code seconds} s of content features. The {@code infer} score is milliseconds per call; divide
 * it by {@code seconds} for milliseconds per second of audio. Not a test. Run as README says for
 * {@code RetrievalBench}, naming {@code SynthesizerBench}.
 *
 * <p>{@code calibrationConv} times one conv1d [1, 512, 16000] * [512, 512, 3], about 257 ms on an
 * idle 2-core machine with one thread: its score from the same run says how far a loaded machine
 * slows everything else down, so the {@code infer} numbers can be put in proportion.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
    "-Dai.djl.pytorch.num_interop_threads=1"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
public class SynthesizerBench {

  /** Content frames per second of audio at the synthesizer's input (hop 10 ms). */
  static final int FRAMES_PER_SECOND = 100;

  /** One synthesizer and its input. */
  @State(Scope.Benchmark)
  public static class Voice {

    /** Audio per call. */
    @Param({"2"})
    public int seconds;

    /** Output rate, which picks the decoder's upsampling (40k and 48k v2 models differ). */
    @Param({"40000", "48000"})
    public int sampleRate;

    NDManager root;
    Synthesizer synthesizer;
    SynthInput input;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      SynthConfig config = RandomSynthWeights.realConfig("v2", true, sampleRate);
      root = NDManager.newBaseManager(Device.cpu());
      synthesizer = Synthesizer.fromWeights("random-v2-" + sampleRate, config,
          RandomSynthWeights.build(config, 1), Device.cpu(), DataType.FLOAT32);
      input = SynthInput.of(item(FRAMES_PER_SECOND * seconds));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      synthesizer.close();
      root.close();
    }
  }

  /** The calibration conv's operands. */
  @State(Scope.Benchmark)
  public static class Calibration {
    NDManager manager;
    NDArray x;
    NDArray w;

    @Setup(Level.Trial)
    public void setUp() {
      manager = NDManager.newBaseManager(Device.cpu());
      x = manager.randomNormal(new Shape(1, 512, 16000)); // [B, C, T]
      w = manager.randomNormal(new Shape(512, 512, 3)); // [C out, C in, K]
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      manager.close();
    }
  }

  @Benchmark
  public float[][] infer(Voice v) {
    return v.synthesizer.infer(v.root, v.input, NoiseSource.seeded(0, "bench", 0));
  }

  @Benchmark
  public void calibrationConv(Calibration c) {
    Conv1d.conv1d(c.x, c.w, null, new Shape(1), new Shape(1), new Shape(1), 1).singletonOrThrow()
        .close(); // [1, 512, 16000]
  }

  private static SynthInput.Item item(int frames) {
    SplittableRandom r = new SplittableRandom(frames);
    float[] phone = new float[frames * 768]; // [T, 768]
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
}
