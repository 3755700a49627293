package io.rvcbeam.nn;

import java.util.Map;
import java.util.Optional;

/**
 * Whether float32 on a CUDA GPU will really be float32. On Ampere and newer GPUs cuDNN runs
 * float32 convolutions in TF32 (10-bit mantissa) unless the process starts with NVIDIA's override
 * {@code NVIDIA_TF32_OVERRIDE=0}; DJL exposes no switch for it. Measured on an H100 with
 * full-size random-weight models ({@code rvc-beam benchmark --device gpu --reference}): a song
 * converted with TF32 was 11 dB from the CPU float32 conversion of it, and 82 dB with the
 * override. Setting the variable from inside the JVM (libc setenv, before libtorch loaded) was
 * tried and only got to 18.7 dB, so it has to be in the environment the process starts with: the
 * {@code rvc-beam} launcher exports it, and a worker image must set it (deploy/README.md).
 */
public final class Tf32 {

  public static final String VARIABLE = "NVIDIA_TF32_OVERRIDE";

  private Tf32() {}

  /** A warning for a GPU run when the process may compute float32 in TF32; empty when not. */
  public static Optional<String> warning(Map<String, String> environment) {
    if ("0".equals(environment.get(VARIABLE))) {
      return Optional.empty();
    }
    return Optional.of("float32 on this GPU may run in TF32 (about 11 dB from float32 results,"
        + " measured): start the process with " + VARIABLE + "=0 for float32");
  }
}
