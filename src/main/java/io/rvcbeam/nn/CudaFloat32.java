package io.rvcbeam.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Makes float32 on a CUDA device mean float32. On Ampere and newer GPUs cuDNN runs float32
 * convolutions in TF32 (10-bit mantissa) unless told otherwise, and DJL exposes no switch for it.
 * Measured on an H100 with full-size random-weight models ({@code rvc-beam benchmark --device gpu
 * --reference}): a song converted in TF32 was 11 dB from the CPU float32 conversion of it; with
 * TF32 off, 82 dB. So this sets NVIDIA's process-wide override, {@code NVIDIA_TF32_OVERRIDE=0}.
 * It must happen before libtorch starts: set after the engine had loaded, the same comparison gave
 * only 18.7 dB. The CLI's {@code main} and Beam worker start-up ({@code DisableTf32OnWorkers})
 * call it first; the {@code rvc-beam} launcher also exports the variable. A value the user has set
 * already (1 allows TF32 again, for speed) is left as it is; it changes nothing on a CPU, and fp16
 * runs ({@code useFp16}) are unaffected.
 */
public final class CudaFloat32 {

  static final String VARIABLE = "NVIDIA_TF32_OVERRIDE";

  private static boolean applied;

  private CudaFloat32() {}

  /** Turns TF32 off for this process unless the user chose; call before libtorch loads. */
  public static synchronized void disableTf32() {
    if (applied) {
      return;
    }
    applied = true;
    if (System.getenv(VARIABLE) != null || Platform.isWindows()) {
      return;
    }
    LibC.INSTANCE.setenv(VARIABLE, "0", 0);
  }

  /** This process's value of {@code NVIDIA_TF32_OVERRIDE} as libc sees it, or null. */
  static String currentValue() {
    return LibC.INSTANCE.getenv(VARIABLE);
  }

  private interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int setenv(String name, String value, int overwrite);

    String getenv(String name);
  }
}
