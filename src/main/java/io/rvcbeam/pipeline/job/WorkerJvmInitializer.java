package io.rvcbeam.pipeline.job;

import org.apache.beam.sdk.harness.JvmInitializer;

/**
 * Runs when a Beam SDK harness starts (Dataflow workers, portable runners), before any DoFn is
 * deserialized: DJL offline. Registered in {@code META-INF/services} by hand (no AutoService
 * processor for one line). The classic Flink runner calls no JvmInitializer, so the DoFns that
 * load models apply the job's {@link WorkerEnvironment} in their {@code @Setup} on every runner.
 */
public final class WorkerJvmInitializer implements JvmInitializer {

  @Override
  public void onStartup() {
    WorkerEnvironment.applyProcessDefaults();
  }
}
