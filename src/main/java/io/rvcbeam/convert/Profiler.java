package io.rvcbeam.convert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time per named stage ({@code RVC_PROFILING}). A disabled profiler costs one branch per
 * stage; an enabled one accumulates nanoseconds per stage in first-seen order.
 *
 * <p>Not thread-safe: one per song or per DoFn call, merged with {@link #addAll}.
 */
public final class Profiler {

  private final boolean enabled;
  private final Map<String, Long> nanos = new LinkedHashMap<>();

  private Profiler(boolean enabled) {
    this.enabled = enabled;
  }

  public static Profiler enabled() {
    return new Profiler(true);
  }

  public static Profiler disabled() {
    return new Profiler(false);
  }

  public static Profiler of(boolean enabled) {
    return new Profiler(enabled);
  }

  public boolean isEnabled() {
    return enabled;
  }

  public <T> T time(String stage, Supplier<T> work) {
    if (!enabled) {
      return work.get();
    }
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      add(stage, System.nanoTime() - start);
    }
  }

  public void time(String stage, Runnable work) {
    time(stage, () -> {
      work.run();
      return null;
    });
  }

  public void add(String stage, long elapsedNanos) {
    if (enabled) {
      nanos.merge(stage, elapsedNanos, Long::sum);
    }
  }

  public void addAll(Profiler other) {
    other.nanos.forEach(this::add);
  }

  /** Milliseconds per stage, in the order stages were first seen. */
  public Map<String, Double> millis() {
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.forEach((k, v) -> out.put(k, v / 1e6));
    return Collections.unmodifiableMap(out);
  }
}
