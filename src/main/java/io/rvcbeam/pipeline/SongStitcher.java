package io.rvcbeam.pipeline;

import java.io.Serializable;

/**
 * Seam: concatenation, RMS envelope mix, output peak limit (rvc-spec §9) and the optional
 * instrumental mix (real: the convert package's stitching). Stateless and thread-safe.
 */
public interface SongStitcher extends Serializable {

  /** @return the whole song at {@code input.sampleRate()} */
  float[] stitch(StitchInput input) throws Exception;
}
