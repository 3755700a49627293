package io.rvcbeam.pipeline;

import io.rvcbeam.nn.CudaFloat32;
import org.apache.beam.sdk.harness.JvmInitializer;

/**
 * Turns TF32 off in every Beam worker JVM as it starts, before any DoFn loads a model on a GPU
 * (see {@link CudaFloat32}). Registered in {@code META-INF/services}; runners call it on start-up.
 */
public final class DisableTf32OnWorkers implements JvmInitializer {

  @Override
  public void onStartup() {
    CudaFloat32.disableTf32();
  }
}
