package io.rvcbeam.bench;

import io.rvcbeam.convert.Neighbours;
import io.rvcbeam.convert.Retrieval;
import io.rvcbeam.convert.bench.RandomIndex;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the default retrieval (FAISS-compatible IVF-Flat search, {@code nprobe} 1) on a random
 * index shaped as RVC trains one, for the content frames of {@link #SECONDS} s of audio (50
 * frames per second, one 20-s chunk per call). The score is milliseconds per second of audio
 * ({@code @OperationsPerInvocation}). Not a test. Run on one libtorch thread:
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *   -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main RetrievalBench \
 *   -jvmArgsAppend "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1"
 * </pre>
 *
 * {@code -p vectors=20000} for the benchmark command's default index size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RetrievalBench {

  /** Audio per call. */
  static final int SECONDS = 20;

  /** Content frames per second of audio at 16 kHz (hop 320). */
  static final int FRAMES_PER_SECOND = 50;

  @Param({"50000"})
  public int vectors;

  @Param({"768"})
  public int width;

  private Retrieval retrieval;
  private float[] queries;

  @Setup(Level.Trial)
  public void setUp() {
    RandomIndex index = RandomIndex.build(vectors, width, 20240601L);
    retrieval = index.ivf();
    queries = index.queries(SECONDS * FRAMES_PER_SECOND, 7);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    retrieval.close();
  }

  @Benchmark
  @OperationsPerInvocation(SECONDS)
  public Neighbours search() {
    return retrieval.search(queries);
  }

  @Benchmark
  @OperationsPerInvocation(SECONDS)
  public float[] searchAndBlend() {
    return retrieval.blend(queries, 0.75);
  }
}
