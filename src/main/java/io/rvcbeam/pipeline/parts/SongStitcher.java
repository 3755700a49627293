package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.values.StitchInput;
import io.rvcbeam.convert.ConversionSettings;
import java.io.Serializable;

/**
 * Seam: concatenation, RMS envelope mix, output peak limit (docs/algorithm.md §9) and the optional
 * instrumental mix (real: {@code io.rvcbeam.convert.Stitch}). Stateless and thread-safe.
 */
public interface SongStitcher extends Serializable {

  /**
   * What the RMS mix needs of the source, computed before chunking so the whole song need not
   * travel to stitching: e.g. the source RMS frames of docs/algorithm.md §9.2 ({@code rms1}, frame 16000,
   * hop 8000).
   *
   * @param filtered16k the high-passed 16 kHz song, unpadded
   * @return the envelope, or null when the song's settings need none ({@code rmsMixRate == 1})
   */
  double[] envelope(float[] filtered16k, ConversionSettings settings) throws Exception;

  /** @return the whole song at {@code input.sampleRate()} */
  float[] stitch(StitchInput input) throws Exception;
}
