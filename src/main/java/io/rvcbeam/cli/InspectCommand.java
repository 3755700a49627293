package io.rvcbeam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.rvcbeam.checkpoint.CheckpointException;
import io.rvcbeam.checkpoint.EmbedderInfo;
import io.rvcbeam.checkpoint.EmbedderName;
import io.rvcbeam.checkpoint.IndexInfo;
import io.rvcbeam.checkpoint.RmvpeInfo;
import io.rvcbeam.checkpoint.VoiceModelInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rvc-beam inspect FILE...}: prints what each model, index or tensor file is and the facts a
 * conversion depends on, and whether the voice models, indexes and content encoders given together
 * fit each other.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the facts of voice models (.pth), content encoders (directory, "
          + "pytorch_model.bin, .safetensors, fairseq .pt), RMVPE models, FAISS .index and "
          + ".npy files, and checks that the voice models, indexes and encoders given "
          + "together fit.",
      "Exit codes: 0 all read and fit, 1 a file cannot be read, 2 files do not fit."
    },
    sortOptions = false)
public final class InspectCommand implements Callable<Integer> {

  static final int UNREADABLE = 1;
  static final int MISFIT = 2;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files or model directories.")
  private List<Path> files = new ArrayList<>();

  @Option(names = "--json", description = "Print machine-readable JSON.")
  private boolean json;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<InspectedFile> inspected = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Path file : files) {
      try {
        inspected.add(InspectedFile.inspect(file));
      } catch (CheckpointException e) {
        errors.add(e.getMessage());
        err.println("error: " + e.getMessage());
      }
    }
    List<String> misfits = new ArrayList<>();
    List<String> fits = new ArrayList<>();
    checkFit(inspected, fits, misfits);
    if (json) {
      printJson(out, inspected, fits, misfits, errors);
    } else {
      for (InspectedFile f : inspected) {
        printHuman(out, f);
      }
      fits.forEach(line -> out.println("fit: " + line));
      misfits.forEach(line -> out.println("MISMATCH: " + line));
    }
    out.flush();
    err.flush();
    return !errors.isEmpty() ? UNREADABLE : !misfits.isEmpty() ? MISFIT : 0;
  }

  /** Every index and every content encoder against every voice model. */
  private static void checkFit(
      List<InspectedFile> inspected, List<String> fits, List<String> misfits) {
    for (InspectedFile m : inspected) {
      if (!(m.facts() instanceof VoiceModelInfo model)) {
        continue;
      }
      for (InspectedFile other : inspected) {
        if (other.facts() instanceof IndexInfo index) {
          if (index.d() == model.contentWidth()) {
            fits.add(
                "index " + other.file() + " (width " + index.d() + ") fits model " + model.file());
          } else {
            misfits.add(
                "index "
                    + other.file()
                    + " has width "
                    + index.d()
                    + " but model "
                    + model.file()
                    + " expects "
                    + model.contentWidth()
                    + ": they do not fit");
          }
        } else if (other.facts() instanceof EmbedderInfo enc) {
          String wrongEmbedder = EmbedderName.mismatch(String.valueOf(model.file()),
              model.embedderModel(), String.valueOf(other.file()), enc.embedder());
          if (wrongEmbedder != null) {
            misfits.add(wrongEmbedder);
            continue;
          }
          // v1 models take final_proj output, v2 models the last hidden state.
          int width =
              model.contentWidth() == enc.hiddenWidth() ? enc.hiddenWidth() : enc.finalProjWidth();
          if (width == model.contentWidth()) {
            fits.add(
                "content encoder "
                    + other.file()
                    + " (width "
                    + width
                    + ") fits model "
                    + model.file());
          } else {
            misfits.add(
                "content encoder "
                    + other.file()
                    + " gives width "
                    + enc.hiddenWidth()
                    + (enc.finalProjWidth() > 0 ? " (final_proj " + enc.finalProjWidth() + ")" : "")
                    + " but model "
                    + model.file()
                    + " expects "
                    + model.contentWidth()
                    + ": they do not fit");
          }
        }
      }
    }
  }

  private static void printHuman(PrintWriter out, InspectedFile f) {
    out.println(f.file() + ": " + f.kind().label);
    Map<String, Object> rows = new LinkedHashMap<>();
    switch (f.kind()) {
      case VOICE_MODEL -> {
        VoiceModelInfo v = (VoiceModelInfo) f.facts();
        rows.put("version", v.version());
        rows.put("sample rate", v.sampleRate() + " Hz (hop " + v.hop() + ")");
        rows.put("pitch (f0)", v.f0() ? "yes" : "no");
        rows.put("content width", v.contentWidth());
        rows.put("vocoder", v.vocoder());
        rows.put("embedder", v.embedderModel() != null ? v.embedderModel() : "not recorded");
        rows.put("speakers", v.speakers());
        rows.put(
            "weights",
            v.tensorCount()
                + " tensors, "
                + v.parameterCount()
                + " parameters, "
                + v.storageDtype());
        rows.put("weight norm keys", v.weightNormKeys());
        rows.put("config", pythonLiteral(v.config()));
      }
      case EMBEDDER -> {
        EmbedderInfo e = (EmbedderInfo) f.facts();
        rows.put("embedder", e.embedder());
        rows.put("format", e.format());
        rows.put("layers", e.layers());
        rows.put("hidden width", e.hiddenWidth());
        rows.put("final_proj width", e.finalProjWidth() > 0 ? e.finalProjWidth() : "none");
        rows.put(
            "weights",
            e.tensorCount()
                + " tensors, "
                + e.parameterCount()
                + " parameters, "
                + e.storageDtype());
      }
      case RMVPE -> {
        RmvpeInfo r = (RmvpeInfo) f.facts();
        rows.put("encoder/decoder levels", r.enDeLayers());
        rows.put("blocks per level", r.nBlocks());
        rows.put("intermediate layers", r.interLayers());
        rows.put("encoder channels", r.enOutChannels());
        rows.put("BiGRU", r.gruInput() + " -> 2x" + r.gruHidden());
        rows.put("pitch bins", r.outputs());
        rows.put("weights", r.tensorCount() + " tensors, " + r.parameterCount() + " parameters");
      }
      case INDEX -> {
        IndexInfo i = (IndexInfo) f.facts();
        rows.put("type", i.type() + " (" + i.metric() + ")");
        rows.put("width (d)", i.d());
        rows.put("vectors", i.ntotal() + (i.ntotal() == 0 ? " (trained only: no vectors)" : ""));
        rows.put("nlist", i.nlist());
        rows.put("nprobe", i.nprobe());
        rows.put("list sizes", Arrays.toString(i.listSizes()));
      }
      case NPY -> {
        InspectedFile.ArrayFacts a = (InspectedFile.ArrayFacts) f.facts();
        rows.put("dtype", a.dtype());
        rows.put("shape", Arrays.toString(a.shape()));
      }
      case TENSORS -> {
        InspectedFile.TensorsFacts t = (InspectedFile.TensorsFacts) f.facts();
        rows.put(
            "weights",
            t.tensorCount() + " tensors, " + t.parameterCount() + " parameters, " + t.dtypes());
      }
    }
    rows.forEach((k, v) -> out.printf("  %-24s %s%n", k, v));
  }

  /** Strings quoted, as Python prints the list, so that {@code "1"} and {@code 1} differ. */
  private static String pythonLiteral(Object o) {
    if (o instanceof String s) {
      return "'" + s + "'";
    }
    if (o instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object x : l) {
        parts.add(pythonLiteral(x));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    return String.valueOf(o);
  }

  private static void printJson(
      PrintWriter out,
      List<InspectedFile> inspected,
      List<String> fits,
      List<String> misfits,
      List<String> errors)
      throws Exception {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Path.class, new ToStringSerializer()))
            .enable(SerializationFeature.INDENT_OUTPUT);
    List<Map<String, Object>> files = new ArrayList<>();
    for (InspectedFile f : inspected) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("file", f.file().toString());
      entry.put("kind", f.kind().name().toLowerCase().replace('_', '-'));
      entry.put("facts", f.facts());
      files.add(entry);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("files", files);
    doc.put("fits", fits);
    doc.put("mismatches", misfits);
    doc.put("errors", errors);
    out.println(mapper.writeValueAsString(doc));
  }
}
