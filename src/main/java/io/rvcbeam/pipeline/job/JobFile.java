package io.rvcbeam.pipeline.job;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A job file ({@code pipelines/*.yaml}) as written, before settings are resolved. The scalar
 * sections (settings, output, optimisation, runner) hold exactly the keys of {@link Settings};
 * {@code runner.options} passes runner options through to Beam. Unknown keys anywhere are an
 * error naming the key and the file.
 *
 * @param catalogue the songs: a glob or a manifest
 * @param voices voices by name
 * @param models the shared model files
 * @param settings conversion settings
 * @param output output location and format
 * @param optimisation device, batching, chunking, profiling
 * @param runner runner name, components and runner options
 */
public record JobFile(
    CatalogueSpec catalogue,
    Map<String, VoiceSpec> voices,
    ModelsSpec models,
    Map<String, Object> settings,
    Map<String, Object> output,
    @JsonAlias("optimization") Map<String, Object> optimisation,
    Map<String, Object> runner) {

  /**
   * Where the songs are.
   *
   * @param glob a file pattern ({@code songs/*.wav}, {@code gs://bucket/songs/**.flac})
   * @param manifest a CSV or JSONL file with one row per song
   */
  public record CatalogueSpec(String glob, String manifest) {}

  /**
   * One voice.
   *
   * @param model the {@code .pth} file
   * @param index the {@code .index} file, optional
   */
  public record VoiceSpec(String model, String index) {}

  /**
   * The shared model files.
   *
   * @param embedder content encoder (HuBERT/ContentVec) file or folder
   * @param pitchModel RMVPE weights
   */
  public record ModelsSpec(String embedder, String pitchModel) {}

  private static final List<String> SCALAR_SECTIONS =
      List.of("settings", "output", "optimisation", "runner");

  /** Reads and checks a job file. */
  public static JobFile read(Path file) {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    JobFile job;
    try {
      job = yaml.readValue(file.toFile(), JobFile.class);
    } catch (UnrecognizedPropertyException e) {
      throw new JobFileException(
          file + ": unknown key '" + pathOf(e) + "'" + line(e) + "; known keys there: "
              + e.getKnownPropertyIds(), e);
    } catch (JsonProcessingException e) {
      throw new JobFileException(file + ": " + e.getOriginalMessage() + line(e), e);
    } catch (IOException e) {
      throw new JobFileException(file + ": cannot read the job file: " + e.getMessage(), e);
    }
    if (job == null) {
      throw new JobFileException(file + ": the job file is empty");
    }
    job.scalarValues(file);
    return job;
  }

  /**
   * The scalar sections flattened to job paths ({@code optimisation.batchSize -> "4"}), minus
   * {@code runner.options}.
   *
   * @throws JobFileException for a key that is not a setting, or a value that is not a scalar
   */
  public Map<String, String> scalarValues(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    sections.put("settings", settings);
    sections.put("output", output);
    sections.put("optimisation", optimisation);
    sections.put("runner", runner);
    for (String section : SCALAR_SECTIONS) {
      Map<String, Object> entries = sections.get(section);
      if (entries == null) {
        continue;
      }
      for (Map.Entry<String, Object> entry : entries.entrySet()) {
        String path = section + "." + entry.getKey();
        if (path.equals("runner.options")) {
          continue;
        }
        if (Settings.byJobPath(path) == null) {
          throw new JobFileException(
              file + ": unknown key '" + path + "'; known keys in " + section + ": "
                  + Settings.keysOf(section) + (section.equals("runner") ? " and options" : ""));
        }
        Object value = entry.getValue();
        if (value instanceof Map || value instanceof List) {
          throw new JobFileException(file + ": '" + path + "' must be a single value");
        }
        if (value != null) {
          values.put(path, String.valueOf(value));
        }
      }
    }
    return values;
  }

  /** {@code runner.options}: runner options passed to Beam as {@code --key=value}. */
  @SuppressWarnings("unchecked")
  public Map<String, String> runnerOptions(Path file) {
    Object options = runner == null ? null : runner.get("options");
    if (options == null) {
      return Map.of();
    }
    if (!(options instanceof Map)) {
      throw new JobFileException(file + ": 'runner.options' must be a map of runner options");
    }
    return ((Map<String, Object>) options)
        .entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e -> String.valueOf(e.getValue()),
                    (a, b) -> b,
                    LinkedHashMap::new));
  }

  private static String pathOf(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String line(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }
}
