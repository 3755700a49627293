package io.rvcbeam.pipeline.job;

import io.rvcbeam.convert.ConversionSettings;
import java.io.Serializable;

/**
 * Where a catalogue's songs come from and what they inherit: a glob or a manifest (exactly one),
 * the job's song settings, and where outputs go. Listed by {@link Catalogue}, on the workers
 * ({@link ListCatalogue}) or, for tests and small tools, in this JVM.
 *
 * @param glob a pattern of song files (any Beam file system), or null
 * @param manifest a CSV or JSONL manifest, or null
 * @param defaults the job's settings; a row without a voice takes {@code defaultVoice}
 * @param defaultVoice the voice of songs that name none, or null when every song must name one
 * @param outputLocation the output folder
 * @param format output format (for the extension)
 */
public record CatalogueSource(
    String glob,
    String manifest,
    ConversionSettings defaults,
    String defaultVoice,
    String outputLocation,
    OutputFormat format)
    implements Serializable {

  public CatalogueSource {
    if ((glob == null) == (manifest == null)) {
      throw new JobFileException("the catalogue needs exactly one of 'glob' and 'manifest'");
    }
  }

  /** The glob or the manifest, for messages. */
  public String name() {
    return glob != null ? glob : manifest;
  }
}
