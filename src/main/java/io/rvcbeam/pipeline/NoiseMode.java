package io.rvcbeam.pipeline;

/** How the synthesizer's two noise sources are fed. */
public enum NoiseMode {
  /** Normal noise seeded from (seed, song, chunk): reruns write the same bytes. */
  SEEDED,
  /** All noise draws are zero (a deterministic, slightly different sound). */
  ZERO
}
