package io.rvcbeam.pipeline.parts;

import java.util.List;

/**
 * What identifies a loaded model in {@link ModelCache}: its kind, every file it reads, and where
 * and how it runs. Two keys that are equal share one loaded copy per JVM.
 */
public record ModelKey(String kind, List<String> files, String device, String dtype) {

  public ModelKey {
    files = List.copyOf(files);
  }
}
