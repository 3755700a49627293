package io.rvcbeam.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the JVM's used heap every few milliseconds on a daemon thread and reports its peak; also
 * reads the process's peak resident set (Linux {@code VmHWM}, which counts libtorch's native
 * tensors too).
 */
final class PeakMemorySampler implements AutoCloseable {

  private static final long PERIOD_MS = 20;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peakHeap = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  PeakMemorySampler() {
    sample();
    thread = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(PERIOD_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "peak-memory-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
  }

  /** Highest used heap seen so far, in bytes. */
  long peakHeapBytes() {
    sample();
    return peakHeap.get();
  }

  /** Peak resident set of the whole process in bytes, or -1 where /proc is not available. */
  static long peakResidentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
