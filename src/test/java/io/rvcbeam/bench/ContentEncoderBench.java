package io.rvcbeam.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.ContentEncoder.Features;
import io.rvcbeam.models.random.RandomHubertWeights;
import java.util.Map;
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
 * JMH: the full-size HuBERT base content encoder (random weights, fp32, CPU, one libtorch thread)
 * on {@link #seconds} s of 16 kHz audio, v2 features. The score is milliseconds per call; divide
 * it by {@code seconds} for milliseconds per second of audio. Not a test. Run as README says for
 * {@code RetrievalBench}, naming {@code ContentEncoderBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
    "-Dai.djl.pytorch.num_interop_threads=1"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 5, time = 5)
public class ContentEncoderBench {

  /** Audio per call. */
  @Param({"10"})
  public int seconds;

  private ContentEncoder encoder;
  private float[][] audio;

  @Setup(Level.Trial)
  public void setUp() {
    encoder = ContentEncoder.fromStateDict("random full-size", RandomHubertWeights.fullSize(1),
        Map.of(), Device.cpu(), DataType.FLOAT32);
    audio = new float[1][seconds * 16_000]; // [1, L]
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < audio[0].length; i++) {
      audio[0][i] = (float) (0.3 * Math.sin(i * 0.05) + 0.05 * (2 * r.nextDouble() - 1));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    encoder.close();
  }

  @Benchmark
  public float[][][] encode() {
    return encoder.encode(audio, Features.V2); // [1, 50 · seconds, 768]
  }
}
