package io.rvcbeam.convert;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final boolean enabled;
  private final boolean cpu;
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private final Map<String, Long> cpuNanos = new LinkedHashMap<>();

  private Profiler(boolean enabled) {
    this(enabled, false);
  }

  private Profiler(boolean enabled, boolean cpu) {
    this.enabled = enabled;
    this.cpu = cpu && THREADS.isCurrentThreadCpuTimeSupported();
  }

  /**
   * Also records the calling thread's CPU time per stage: the compute itself when libtorch runs
   * with one intra-op thread (it then computes on the calling thread), whatever the machine's load.
   */
  public static Profiler withCpuTime() {
    return new Profiler(true, true);
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
    long cpuStart = cpu ? THREADS.getCurrentThreadCpuTime() : 0;
    try {
      return work.get();
    } finally {
      add(stage, System.nanoTime() - start);
      if (cpu) {
        cpuNanos.merge(stage, THREADS.getCurrentThreadCpuTime() - cpuStart, Long::sum);
      }
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
    if (cpu) {
      other.cpuNanos.forEach((k, v) -> cpuNanos.merge(k, v, Long::sum));
    }
  }

  /** Milliseconds per stage, in the order stages were first seen. */
  public Map<String, Double> millis() {
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.forEach((k, v) -> out.put(k, v / 1e6));
    return Collections.unmodifiableMap(out);
  }

  /** Calling-thread CPU milliseconds per stage; empty unless made by {@link #withCpuTime}. */
  public Map<String, Double> cpuMillis() {
    Map<String, Double> out = new LinkedHashMap<>();
    cpuNanos.forEach((k, v) -> out.put(k, v / 1e6));
    return Collections.unmodifiableMap(out);
  }
}
