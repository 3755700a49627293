package io.rvcbeam.components;

import io.rvcbeam.convert.ConditionInput;
import io.rvcbeam.pipeline.SongFilter;

/** {@link SongFilter} through {@link ConditionInput}: peak limit and high-pass, float64. */
final class InputConditioner implements SongFilter {

  private static final ConditionInput STEP = new ConditionInput();

  @Override
  public double[] apply(double[] audio16k) {
    return audio16k.length == 0 ? new double[0] : STEP.exact(audio16k);
  }
}
