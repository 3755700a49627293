package io.rvcbeam.nn;

import org.bytedeco.javacpp.Pointer;

/**
 * Gives the C heap's free pages back to the system between network calls.
 *
 * <p>The launcher makes glibc keep freed memory (no trimming, no mmap for large blocks), so
 * libtorch's activations reuse resident pages instead of faulting fresh ones in on every op. The
 * price was a heap that only grows: chunks of other lengths leave holes the next call's tensors
 * do not fit, and a 180-s benchmark climbed about 1 GB over its five chunks after its largest
 * stage. {@code malloc_trim(0)} (JavaCPP's {@link Pointer#trimMemory}) returns every free page,
 * also those between live blocks, once per call; the next call faults back only what it uses.
 */
public final class HostHeap {

  private static final boolean LINUX =
      System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");

  private HostHeap() {}

  /** Returns the C heap's free pages to the system (Linux; elsewhere nothing). */
  public static void trim() {
    if (LINUX) {
      Pointer.trimMemory();
    }
  }
}
