package io.rvcbeam.pipeline.report;

import io.rvcbeam.pipeline.values.Stage;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Processing time spent on one song per stage (immutable; nanoseconds). */
public final class StageTimes implements Serializable {

  private static final StageTimes NONE = new StageTimes(new long[Stage.values().length]);

  private final long[] nanos;

  private StageTimes(long[] nanos) {
    this.nanos = nanos;
  }

  public static StageTimes none() {
    return NONE;
  }

  /** Restores times written by {@link #toArray()}. */
  public static StageTimes of(long[] nanos) {
    if (nanos.length != Stage.values().length) {
      throw new IllegalArgumentException("expected one time per stage, got " + nanos.length);
    }
    return new StageTimes(nanos.clone());
  }

  /** These times with {@code addedNanos} more spent in {@code stage}. */
  public StageTimes plus(Stage stage, long addedNanos) {
    long[] copy = nanos.clone();
    copy[stage.ordinal()] += addedNanos;
    return new StageTimes(copy);
  }

  /** The sum of both, stage by stage. */
  public StageTimes plus(StageTimes other) {
    long[] copy = nanos.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] += other.nanos[i];
    }
    return new StageTimes(copy);
  }

  public long nanos(Stage stage) {
    return nanos[stage.ordinal()];
  }

  public long totalNanos() {
    return Arrays.stream(nanos).sum();
  }

  public long[] toArray() {
    return nanos.clone();
  }

  /** Seconds per stage name, in stage order, stages with no time left out. */
  public Map<String, Double> secondsByStage() {
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Stage stage : Stage.values()) {
      if (nanos[stage.ordinal()] > 0) {
        seconds.put(stage.displayName(), nanos[stage.ordinal()] / 1e9);
      }
    }
    return seconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StageTimes other && Arrays.equals(nanos, other.nanos);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(nanos);
  }
}
