package io.rvcbeam.pipeline.job;

import io.rvcbeam.convert.OptimizationConfig;
import java.io.Serializable;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker JVM needs before its first model loads, carried in the job so it reaches every
 * worker (Flink TaskManagers, Dataflow workers), not only the launcher: libtorch's thread counts,
 * which libtorch reads once when the engine starts, and DJL's offline mode (the CPU libtorch is in
 * the jar; a worker never downloads one). A value the worker's JVM was started with ({@code
 * -Dai.djl.pytorch.num_threads=…}) wins, as it does in the launcher.
 *
 * <p>Applied by the model-loading DoFns' {@code @Setup} (every runner) and, for what needs no job
 * value, by {@link WorkerJvmInitializer} when a Beam harness starts. {@code NVIDIA_TF32_OVERRIDE}
 * and {@code GLIBC_TUNABLES} cannot be set from inside a running JVM: the worker image's
 * environment carries them, and a GPU worker without the first logs a warning.
 *
 * @param engineThreads libtorch intra-op threads per network call (the {@code engineThreads}
 *     setting); 0 leaves libtorch's own choice
 */
public record WorkerEnvironment(int engineThreads) implements Serializable {

  /** libtorch's choice of threads; for plans built without a job. */
  public static final WorkerEnvironment DEFAULT = new WorkerEnvironment(0);

  static final String THREADS = "ai.djl.pytorch.num_threads";
  static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
  static final String OFFLINE = "ai.djl.offline";

  private static final Logger LOG = LoggerFactory.getLogger(WorkerEnvironment.class);
  private static boolean tf32Checked;

  public WorkerEnvironment {
    if (engineThreads < 0) {
      throw new IllegalArgumentException("engineThreads must be at least 0, got " + engineThreads);
    }
  }

  /** Sets what this JVM does not set yet; call before the first model loads. */
  public void apply(Map<String, String> environment, String device) {
    synchronized (WorkerEnvironment.class) {
      applyProcessDefaults();
      if (engineThreads > 0 && System.getProperty(THREADS) == null) {
        System.setProperty(THREADS, Integer.toString(engineThreads));
        System.setProperty(INTEROP_THREADS, "1");
      }
      if ("gpu".equals(device) && !tf32Checked) {
        tf32Checked = true;
        OptimizationConfig.tf32Warning(environment).ifPresent(w -> LOG.warn("worker: {}", w));
      }
    }
  }

  /** What every worker gets whatever the job: DJL offline (nothing is downloaded on a worker). */
  static void applyProcessDefaults() {
    synchronized (WorkerEnvironment.class) {
      if (System.getProperty(OFFLINE) == null) {
        System.setProperty(OFFLINE, "true");
      }
    }
  }
}
