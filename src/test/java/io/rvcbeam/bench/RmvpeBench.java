package io.rvcbeam.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.random.RmvpeStateDicts;
import java.util.Random;
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
 * JMH: the released-size RMVPE pitch estimator (random weights) on {@link #seconds} s of 16 kHz
 * audio, salience and decoding together. The score is milliseconds per call; divide it by {@code
 * seconds} for milliseconds per second of audio. CPU runs use one libtorch thread; {@code -p
 * device=gpu -p dtype=fp16} for the GPU. Not a test. Run as README says for {@code
 * RetrievalBench}, naming {@code RmvpeBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dai.djl.offline=true",
    "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 5, time = 5)
public class RmvpeBench {

  /** Audio per call. */
  @Param({"10"})
  public int seconds;

  /** {@code cpu} or {@code gpu}. */
  @Param({"cpu"})
  public String device;

  /** {@code fp32} or {@code fp16}. */
  @Param({"fp32"})
  public String dtype;

  private PitchEstimator model;
  private float[] audio;

  @Setup(Level.Trial)
  public void setUp() {
    Device dev = switch (device) {
      case "cpu" -> Device.cpu();
      case "gpu" -> Device.gpu();
      default -> throw new IllegalArgumentException("device must be cpu or gpu, got " + device);
    };
    DataType type = switch (dtype) {
      case "fp32" -> DataType.FLOAT32;
      case "fp16" -> DataType.FLOAT16;
      default -> throw new IllegalArgumentException("dtype must be fp32 or fp16, got " + dtype);
    };
    model = PitchEstimator.fromStateDict("released-size-random", RmvpeStateDicts.released(42),
        dev, type);
    audio = new float[seconds * PitchEstimator.SAMPLE_RATE];
    Random rnd = new Random(1);
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / PitchEstimator.SAMPLE_RATE)
          + 0.01 * rnd.nextGaussian());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    model.close();
  }

  @Benchmark
  public float[] estimate() {
    return model.estimate(audio, PitchEstimator.DEFAULT_THRESHOLD); // [100 · seconds + 1]
  }
}
