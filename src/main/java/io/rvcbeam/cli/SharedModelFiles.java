package io.rvcbeam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the content encoder and the RMVPE pitch model, which every voice model shares, when the
 * command line does not name them: in the directory {@value #ENV} names, under the names Applio
 * and Ultimate RVC use. Files named on the command line always win.
 */
final class SharedModelFiles {

  static final String ENV = "RVC_MODELS_DIR";

  /** Content encoder candidates, relative to {@value #ENV}, in the order they are tried. */
  static final List<String> EMBEDDER_NAMES =
      List.of("contentvec", "embedders/contentvec", "hubert_base.pt");

  /** RMVPE candidates, relative to {@value #ENV}, in the order they are tried. */
  static final List<String> RMVPE_NAMES = List.of("rmvpe.pt", "predictors/rmvpe.pt");

  static final String EMBEDDER_SOURCE =
      "https://huggingface.co/lengyue233/content-vec-best (config.json + pytorch_model.bin;"
          + " Applio and Ultimate RVC download it as contentvec/)";

  static final String RMVPE_SOURCE =
      "https://huggingface.co/lj1995/VoiceConversionWebUI (rmvpe.pt; Applio and Ultimate RVC"
          + " download it too)";

  private final Map<String, String> environment;

  SharedModelFiles(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * The content encoder: {@code given} if not null, else the first of {@link #EMBEDDER_NAMES}
   * under {@value #ENV} that exists.
   *
   * @throws MissingModelException naming what is needed and where it comes from
   */
  Path embedder(Path given) throws MissingModelException {
    return find(given, EMBEDDER_NAMES, "content encoder", "--embedder", EMBEDDER_SOURCE);
  }

  /**
   * As {@link #embedder(Path)}, but for a voice model trained with Applio's embedder {@code name}
   * (null: unknown) that embedder's folder is tried first ({@code spin-v2/}, {@code
   * embedders/chinese_hubert_base/}, …, as Applio lays them out).
   */
  Path embedder(Path given, String name) throws MissingModelException {
    if (name == null || given != null) {
      return embedder(given);
    }
    String folder = name.endsWith("-hubert-base") ? name.replace('-', '_') : name;
    List<String> names = new ArrayList<>(List.of(folder, "embedders/" + folder));
    EMBEDDER_NAMES.stream().filter(n -> !names.contains(n)).forEach(names::add);
    return find(null, names, "content encoder", "--embedder", EMBEDDER_SOURCE);
  }

  /** The RMVPE model, as {@link #embedder}. */
  Path rmvpe(Path given) throws MissingModelException {
    return find(given, RMVPE_NAMES, "RMVPE pitch model", "--pitchModel", RMVPE_SOURCE);
  }

  private Path find(Path given, List<String> names, String what, String option, String source)
      throws MissingModelException {
    if (given != null) {
      return given;
    }
    String dir = environment.get(ENV);
    if (dir != null && !dir.isBlank()) {
      for (String name : names) {
        Path candidate = Path.of(dir).resolve(name);
        if (isUsable(candidate)) {
          return candidate;
        }
      }
    }
    String looked =
        dir == null || dir.isBlank()
            ? ENV + " is not set"
            : "none of " + String.join(", ", names) + " is in " + ENV + "=" + dir;
    throw new MissingModelException(
        "no "
            + what
            + ": give "
            + option
            + "=PATH or put it in "
            + ENV
            + " as "
            + String.join(" or ", names)
            + " ("
            + looked
            + "); get it from "
            + source);
  }

  /** A file, or a Hugging Face directory with its config.json. */
  private static boolean isUsable(Path candidate) {
    if (Files.isDirectory(candidate)) {
      return Files.isRegularFile(candidate.resolve("config.json"));
    }
    return Files.isRegularFile(candidate);
  }

  /** A shared model file that is neither given nor found. */
  static final class MissingModelException extends Exception {
    MissingModelException(String message) {
      super(message);
    }
  }
}
