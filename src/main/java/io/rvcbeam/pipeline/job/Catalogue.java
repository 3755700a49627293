package io.rvcbeam.pipeline.job;

import io.rvcbeam.pipeline.storage.Uris;
import io.rvcbeam.pipeline.values.Song;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.rvcbeam.convert.ConversionSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;

/**
 * Turns a catalogue into songs, through Beam file systems: every file a glob matches, or every
 * row of a manifest with its per-song overrides. Jobs do this on the workers ({@link
 * ListCatalogue}); {@link #list} does it in this JVM.
 *
 * <p>Manifest columns (CSV header or JSONL keys): {@code input} (required; relative to the
 * manifest), and optional {@code output} (name without extension), {@code voice}, {@code pitch},
 * {@code indexRate}, {@code protect}, {@code rmsMixRate}, {@code sid}, {@code seed}, {@code
 * instrumental} (a stem mixed under the vocal; relative to the manifest), {@code vocalGain},
 * {@code instrumentalGain}.
 */
public final class Catalogue {

  static final List<String> COLUMNS =
      List.of("input", "output", "voice", "pitch", "indexRate", "protect", "rmsMixRate", "sid",
          "seed", "instrumental", "vocalGain", "instrumentalGain");

  private Catalogue() {}

  /**
   * Lists the whole catalogue in this JVM (tests, small tools); jobs list on the workers.
   *
   * @param voices the job's voice names, which every song's voice must be one of
   */
  public static List<Song> list(CatalogueSource source, Set<String> voices) throws IOException {
    List<Map<String, String>> rows = rows(source);
    List<Song> songs = new ArrayList<>();
    Map<String, String> inputsById = new HashMap<>();
    for (Map<String, String> row : rows) {
      Song song = song(row, source);
      checkVoice(song, row, source, voices);
      String other = inputsById.put(song.id(), song.inputUri());
      if (other != null) {
        throw new JobFileException(sameOutput(song.outputUri(), List.of(other, song.inputUri())));
      }
      songs.add(song);
    }
    return songs;
  }

  /** Every row of the catalogue: one {@code input} per file the glob matches, or the manifest's rows. */
  public static List<Map<String, String>> rows(CatalogueSource source) throws IOException {
    return source.glob() != null ? globRows(source.glob()) : manifestRows(source.manifest());
  }

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.TRIM_SPACES)
          .build();

  /** A row's line in its manifest, kept with the row under a name no column can have. */
  static final String LINE = " line";

  /** Where a row comes from, as a prefix of its errors: the manifest and the row's line. */
  static String where(Map<String, String> row, CatalogueSource source) {
    return source.manifest() == null ? "" : source.manifest() + " line " + row.get(LINE) + ": ";
  }

  /** @throws JobFileException when the song names a voice the job does not have */
  public static void checkVoice(
      Song song, Map<String, String> row, CatalogueSource source, Set<String> voices) {
    if (!voices.contains(song.voice())) {
      throw new JobFileException(where(row, source) + "song " + song.inputUri()
          + " names unknown voice '" + song.voice() + "'; voices: " + voices);
    }
  }

  /** The message for songs that would write the same output. */
  public static String sameOutput(String output, List<String> inputs) {
    return "two songs would write " + output + ": " + String.join(" and ", inputs)
        + " (give one an 'output' name in a manifest)";
  }

  private static List<Map<String, String>> globRows(String glob) throws IOException {
    MatchResult match = Uris.retrying(glob, () -> {
      MatchResult result = FileSystems.match(glob);
      if (result.status() == MatchResult.Status.ERROR) {
        result.metadata(); // throws the listing's IOException, so that it is retried
      }
      return result;
    });
    List<String> files = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata metadata : match.metadata()) {
        if (!metadata.resourceId().isDirectory()) {
          files.add(metadata.resourceId().toString());
        }
      }
    }
    if (files.isEmpty()) {
      throw new JobFileException("the catalogue glob " + glob + " matches no file");
    }
    files.sort(null);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String file : files) {
      rows.add(Map.of("input", file));
    }
    return rows;
  }

  static List<Map<String, String>> manifestRows(String manifest) throws IOException {
    String text = new String(Uris.readAll(manifest), StandardCharsets.UTF_8);
    if (text.startsWith(BYTE_ORDER_MARK)) {
      text = text.substring(1); // spreadsheets save UTF-8 with one
    }
    List<Map<String, String>> rows =
        manifest.endsWith(".csv") ? csvRows(text, manifest) : jsonlRows(text, manifest);
    for (Map<String, String> row : rows) {
      for (String column : row.keySet()) {
        if (!COLUMNS.contains(column) && !column.equals(LINE)) {
          throw new JobFileException(
              manifest + ": unknown column '" + column + "'; columns: " + COLUMNS);
        }
      }
      if (row.get("input") == null || row.get("input").isBlank()) {
        throw new JobFileException(
            manifest + " line " + row.get(LINE) + ": the row has no 'input'");
      }
    }
    return rows;
  }

  private static List<Map<String, String>> jsonlRows(String text, String manifest)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Map<String, String>> rows = new ArrayList<>();
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (IOException e) {
        throw new JobFileException(manifest + " line " + lineNumber + ": not JSON", e);
      }
      Map<String, String> row = new LinkedHashMap<>();
      row.put(LINE, String.valueOf(lineNumber));
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isNull()) {
          row.put(field.getKey(), field.getValue().asText());
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * The 1-based line of the first character at or after {@code offset} that does not end a line:
   * where a row starts once the blank lines before it are passed.
   */
  private static int lineAt(String text, long offset) {
    int start = (int) Math.min(Math.max(offset, 0), text.length());
    while (start < text.length() && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
      start++;
    }
    int line = 1;
    for (int i = 0; i < start; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * The rows of a CSV manifest (RFC 4180 through Jackson's CSV parser: quoted cells may hold
   * commas, quotes and line breaks), each with the line it starts on. Blank lines and lines
   * starting with {@code #} are skipped; cells are trimmed.
   */
  private static List<Map<String, String>> csvRows(String text, String manifest)
      throws IOException {
    List<String> header = null;
    List<Map<String, String>> rows = new ArrayList<>();
    // The parser's own line count leaves out the blank lines it passes over, so a row's line
    // comes from where it starts in the text.
    try (MappingIterator<String[]> it = CSV.readerFor(String[].class)
        .with(CsvSchema.emptySchema())
        .readValues(text)) {
      while (it.hasNextValue()) {
        int line = lineAt(text, it.getParser().getTokenLocation().getCharOffset());
        List<String> cells = List.of(it.nextValue());
        if (cells.stream().allMatch(String::isEmpty) || cells.get(0).startsWith("#")) {
          continue;
        }
        if (header == null) {
          header = cells;
          continue;
        }
        if (cells.size() > header.size()) {
          throw new JobFileException(manifest + " line " + line + ": more cells than columns");
        }
        Map<String, String> row = new LinkedHashMap<>();
        row.put(LINE, String.valueOf(line));
        for (int c = 0; c < header.size(); c++) {
          String cell = c < cells.size() ? cells.get(c) : "";
          if (!cell.isEmpty()) {
            row.put(header.get(c), cell);
          } else if (!COLUMNS.contains(header.get(c))) {
            row.put(header.get(c), "");
          }
        }
        rows.add(row);
      }
    } catch (JsonProcessingException e) {
      throw new JobFileException(manifest + " line "
          + lineAt(text, e.getLocation().getCharOffset()) + ": not CSV: "
          + e.getOriginalMessage(), e);
    }
    if (header == null) {
      throw new JobFileException(manifest + ": empty manifest");
    }
    return rows;
  }

  /**
   * The song of one catalogue row.
   *
   * @throws JobFileException for a row that names no voice or holds a cell that is not a number
   */
  public static Song song(Map<String, String> row, CatalogueSource source) {
    try {
      return songOf(row, source);
    } catch (IllegalArgumentException e) {
      throw new JobFileException(where(row, source) + e.getMessage());
    }
  }

  private static Song songOf(Map<String, String> row, CatalogueSource source) {
    ConversionSettings defaults = source.defaults();
    String defaultVoice = source.defaultVoice();
    String outputLocation = source.outputLocation();
    OutputFormat format = source.format();
    String manifest = source.manifest();
    String input = relativeTo(manifest, row.get("input"));
    String name = row.getOrDefault("output", stripExtension(Uris.fileName(input)));
    String id = stripExtension(name);
    String voice = row.getOrDefault("voice", defaultVoice);
    if (voice == null) {
      throw new JobFileException(
          "song " + input + " has no voice: set settings.voice (the job has several voices)"
              + " or a 'voice' column");
    }
    String instrumental = row.get("instrumental");
    ConversionSettings settings =
        defaults
            .withPitch(ConversionSettings.semitones(number(row, "pitch", defaults.pitch())))
            .withIndexRate(number(row, "indexRate", defaults.indexRate()))
            .withProtect(number(row, "protect", defaults.protect()))
            .withRmsMixRate(number(row, "rmsMixRate", defaults.rmsMixRate()))
            .withSid((int) number(row, "sid", defaults.sid()))
            .withNoise(defaults.noise(), (long) number(row, "seed", defaults.seed()))
            .withGains(number(row, "vocalGain", defaults.vocalGain()),
                number(row, "instrumentalGain", defaults.instrumentalGain()));
    String output =
        FileSystems.matchNewResource(outputLocation, true)
            .resolve(id + "." + format.extension(), StandardResolveOptions.RESOLVE_FILE)
            .toString();
    return new Song(id, input, output, voice,
        instrumental == null ? null : relativeTo(manifest, instrumental), settings);
  }

  private static double number(Map<String, String> row, String column, double fallback) {
    String value = row.get(column);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new JobFileException(
          "manifest column '" + column + "' of " + row.get("input") + ": '" + value
              + "' is not a number");
    }
  }

  private static String stripExtension(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** A manifest's relative path, resolved against the manifest's folder. */
  private static String relativeTo(String manifest, String path) {
    if (manifest == null || path.contains("://") || path.startsWith("/")) {
      return path;
    }
    return FileSystems.matchNewResource(manifest, false)
        .getCurrentDirectory()
        .resolve(path, StandardResolveOptions.RESOLVE_FILE)
        .toString();
  }
}
