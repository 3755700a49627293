package io.rvcbeam.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code rvc-beam benchmark} measured: the setup, model-load times, every timed run and the
 * per-stage times of the fastest one; printed as a table or as JSON.
 */
final class BenchmarkReport {

  /** The profiler's stage names in chain order (SongConverter, VoiceConverter). */
  static final List<String> STAGES =
      List.of("highpass", "pitch", "content", "retrieval", "synthesizer", "rmsmix");

  /** One timed conversion of the whole song. */
  record Run(double wallMs, double threadCpuMs, double processCpuMs, double loadAverage,
      Map<String, Double> stageMs, Map<String, Double> stageCpuMs) {}

  private final Map<String, Object> setup;
  private final double audioSeconds;
  private final Map<String, Double> loadMs;
  private final List<Run> runs = new ArrayList<>();
  private Map<String, Double> stageFlops = Map.of();
  private EngineThroughput reference;
  private long peakHeapBytes;
  private long peakResidentBytes;

  BenchmarkReport(Map<String, Object> setup, double audioSeconds, Map<String, Double> loadMs) {
    this.setup = setup;
    this.audioSeconds = audioSeconds;
    this.loadMs = loadMs;
  }

  void add(Run run) {
    runs.add(run);
  }

  /**
   * The networks' FLOPs per stage (convolutions and matrix products counted from the model
   * sizes) and the engine's reference throughput, measured in this run.
   */
  void flops(Map<String, Double> stageFlops, EngineThroughput reference) {
    this.stageFlops = stageFlops;
    this.reference = reference;
  }

  /** FLOPs of the counted stages / the whole conversion's wall time, in GFLOP/s. */
  double chainGflops() {
    double total = stageFlops.values().stream().mapToDouble(Double::doubleValue).sum();
    return total / best().wallMs() / 1e6;
  }

  void memory(long peakHeap, long peakResident) {
    this.peakHeapBytes = peakHeap;
    this.peakResidentBytes = peakResident;
  }

  Run best() {
    Run best = runs.get(0);
    for (Run r : runs) {
      if (r.wallMs() < best.wallMs()) {
        best = r;
      }
    }
    return best;
  }

  /** Stage → wall ms of the best run: known stages in order, others, "other", "total". */
  Map<String, Double> rows() {
    return rows(best().stageMs(), best().wallMs());
  }

  /** As {@link #rows()} in calling-thread CPU ms (empty where not measured). */
  Map<String, Double> cpuRows() {
    Run best = best();
    return best.stageCpuMs().isEmpty() ? Map.of() : rows(best.stageCpuMs(), best.threadCpuMs());
  }

  private static Map<String, Double> rows(Map<String, Double> stages, double total) {
    Map<String, Double> rows = new LinkedHashMap<>();
    for (String s : STAGES) {
      if (stages.containsKey(s)) {
        rows.put(s, stages.get(s));
      }
    }
    stages.forEach(rows::putIfAbsent);
    double staged = rows.values().stream().mapToDouble(Double::doubleValue).sum();
    rows.put("other", Math.max(0, total - staged));
    rows.put("total", total);
    return rows;
  }

  double realTimeFactor() {
    return best().wallMs() / 1000 / audioSeconds;
  }

  void printTable(PrintWriter out) {
    setup.forEach((k, v) -> out.printf("%-18s %s%n", k + ":", v));
    out.println();
    out.println("model load (ms):");
    loadMs.forEach((k, v) -> out.printf(Locale.ROOT, "  %-16s %10.0f%n", k, v));
    out.println();
    out.printf(Locale.ROOT, "%-14s %10s %12s %7s %12s %14s%n", "stage", "ms", "ms/s audio",
        "share", "cpu ms", "cpu ms/s audio");
    double total = best().wallMs();
    Map<String, Double> cpu = cpuRows();
    rows().forEach((stage, ms) -> {
      Double c = cpu.get(stage);
      out.printf(Locale.ROOT, "%-14s %10.0f %12.1f %6.1f%% %12s %14s%n", stage, ms,
          ms / audioSeconds, 100 * ms / total, c == null ? "-" : String.format(Locale.ROOT,
              "%.0f", c), c == null ? "-" : String.format(Locale.ROOT, "%.1f", c / audioSeconds));
    });
    out.println("(cpu: CPU time of the converting thread; the compute itself when libtorch has "
        + "one intra-op thread, whatever the machine's load)");
    out.println();
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      out.printf(Locale.ROOT, "run %d: wall %.0f ms, thread cpu %.0f ms, process cpu %.0f ms,"
          + " load average %.2f%n", i + 1, r.wallMs(), r.threadCpuMs(), r.processCpuMs(),
          r.loadAverage());
    }
    if (reference != null) {
      out.println();
      out.printf(Locale.ROOT, "%-14s %10s %12s%n", "network", "GFLOP", "GFLOP/s");
      Map<String, Double> ms = best().stageMs();
      stageFlops.forEach((stage, f) -> out.printf(Locale.ROOT, "%-14s %10.1f %12.1f%n", stage,
          f / 1e9, ms.containsKey(stage) ? f / ms.get(stage) / 1e6 : Double.NaN));
      out.println("(convolutions and matrix products, counted from the model sizes)");
      out.printf(Locale.ROOT, "chain:             %.1f GFLOP/s (counted FLOPs / whole wall time)%n",
          chainGflops());
      out.printf(Locale.ROOT, "engine reference:  %s %.1f GFLOP/s, %s %.1f GFLOP/s (same device"
          + " and threads, this run)%n", EngineThroughput.CONV, reference.convGflops(),
          EngineThroughput.MATMUL, reference.matmulGflops());
      out.printf(Locale.ROOT, "efficiency:        %.2f of the conv reference, %.2f of the GEMM"
          + " reference%n", chainGflops() / reference.convGflops(),
          chainGflops() / reference.matmulGflops());
    }
    out.printf(Locale.ROOT, "real-time factor:  %.3f (best wall / %.1f s of audio; < 1 is faster"
        + " than real time)%n", realTimeFactor(), audioSeconds);
    out.printf(Locale.ROOT, "peak heap:         %.0f MiB (sampled every 20 ms)%n",
        peakHeapBytes / 1048576.0);
    if (peakResidentBytes >= 0) {
      out.printf(Locale.ROOT, "peak resident:     %.0f MiB (process VmHWM, libtorch included)%n",
          peakResidentBytes / 1048576.0);
    }
    out.flush();
  }

  void printJson(PrintWriter out) throws JsonProcessingException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("setup", setup);
    json.put("audioSeconds", audioSeconds);
    json.put("loadMs", loadMs);
    Map<String, Object> stages = new LinkedHashMap<>();
    double total = best().wallMs();
    rows().forEach((stage, ms) -> {
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("ms", ms);
      row.put("msPerSecondOfAudio", ms / audioSeconds);
      row.put("share", ms / total);
      stages.put(stage, row);
    });
    json.put("stages", stages);
    json.put("stagesCpuMs", cpuRows());
    json.put("runs", runs);
    json.put("realTimeFactor", realTimeFactor());
    if (reference != null) {
      json.put("stageFlops", stageFlops);
      json.put("chainGflops", chainGflops());
      json.put("referenceConvGflops", reference.convGflops());
      json.put("referenceMatmulGflops", reference.matmulGflops());
      json.put("efficiencyVsConv", chainGflops() / reference.convGflops());
      json.put("efficiencyVsMatmul", chainGflops() / reference.matmulGflops());
    }
    json.put("peakHeapBytes", peakHeapBytes);
    json.put("peakResidentBytes", peakResidentBytes);
    out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    out.flush();
  }

  /**
   * One line per batch size: ms per second of audio per stage, the real-time factor and the
   * self-check's verdict (or, with {@code json}, the same as JSON).
   */
  static void printSweep(PrintWriter out, Map<String, Object> setup, int[] sizes,
      List<BenchmarkReport> reports, List<String> checks, boolean json)
      throws JsonProcessingException {
    List<String> stages = new ArrayList<>();
    for (BenchmarkReport r : reports) {
      r.rows().keySet().forEach(k -> {
        if (!stages.contains(k)) {
          stages.add(k);
        }
      });
    }
    if (json) {
      List<Map<String, Object>> lines = new ArrayList<>();
      for (int i = 0; i < sizes.length; i++) {
        Map<String, Object> line = new LinkedHashMap<>();
        BenchmarkReport r = reports.get(i);
        line.put("batchSize", sizes[i]);
        Map<String, Double> perSecond = new LinkedHashMap<>();
        r.rows().forEach((k, v) -> perSecond.put(k, v / r.audioSeconds));
        line.put("msPerSecondOfAudio", perSecond);
        line.put("realTimeFactor", r.realTimeFactor());
        line.put("selfCheck", checks.get(i));
        line.put("setup", r.setup);
        lines.add(line);
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("setup", setup);
      root.put("sweep", lines);
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
      out.flush();
      return;
    }
    setup.forEach((k, v) -> out.printf("%-18s %s%n", k + ":", v));
    out.println();
    out.println("ms per second of audio, per stage (best of the runs of each size):");
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-6s", "batch"));
    for (String st : stages) {
      header.append(String.format(Locale.ROOT, " %11s", st));
    }
    header.append(String.format(Locale.ROOT, " %8s  %s", "RTF", "self-check"));
    out.println(header);
    for (int i = 0; i < sizes.length; i++) {
      BenchmarkReport r = reports.get(i);
      Map<String, Double> rows = r.rows();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6d", sizes[i]));
      for (String st : stages) {
        Double ms = rows.get(st);
        line.append(ms == null ? String.format(Locale.ROOT, " %11s", "-")
            : String.format(Locale.ROOT, " %11.1f", ms / r.audioSeconds));
      }
      line.append(String.format(Locale.ROOT, " %8.3f  %s", r.realTimeFactor(), checks.get(i)));
      Object vsCpu = r.setup.get("vs cpu float32");
      if (vsCpu != null) {
        line.append("; vs cpu float32 batch 1: ").append(vsCpu);
      }
      out.println(line);
    }
    out.printf(Locale.ROOT, "peak resident: %.0f MiB (process VmHWM over the whole sweep)%n",
        reports.get(reports.size() - 1).peakResidentBytes / 1048576.0);
    out.flush();
  }
}
