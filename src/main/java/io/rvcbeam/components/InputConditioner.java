package io.rvcbeam.components;

import io.rvcbeam.convert.LimitAndHighPass;
import io.rvcbeam.pipeline.parts.SongFilter;

/** {@link SongFilter} through {@link LimitAndHighPass}: peak limit and high-pass, float64. */
final class InputConditioner implements SongFilter {

  private static final LimitAndHighPass STEP = new LimitAndHighPass();

  @Override
  public double[] apply(double[] audio16k) {
    return audio16k.length == 0 ? new double[0] : STEP.exact(audio16k);
  }
}
