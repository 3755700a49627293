package io.rvcbeam.convert;

import io.rvcbeam.nn.HostHeap;

/**
 * Frees the host copies of a model's weights once the model is on the engine.
 *
 * <p>Loading reads every tensor into Java arrays (often twice: file bytes, then floats) before
 * uploading it. Those arrays are large enough to be allocated outside G1's young generation, so
 * no young collection reclaims them, and the heap keeps growing across the models a worker
 * loads: peak heap 1.0 to 1.7 GB while loading the full-size models (benchmark's own sampler),
 * most of it garbage. One full collection after each model keeps the load's peak at about one
 * model's copies, and lets the heap shrink (the launcher's MaxHeapFreeRatio) before the songs'
 * activations arrive. It costs tens of milliseconds against seconds of loading.
 */
public final class HostCopies {

  private HostCopies() {}

  /** Collects, once {@code model} is built (its host arrays unreachable), and returns it. */
  public static <T> T collectAfter(T model) {
    System.gc(); // also frees the direct buffers of the host copies, in the C heap
    HostHeap.trim();
    return model;
  }
}
