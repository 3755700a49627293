package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rvcbeam.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedModelFilesTest {

  @TempDir Path dir;

  @Test
  void givenTheVoicesEmbedderName_itsApplioFolderIsTriedFirst() throws Exception {
    Path embedders = Files.createDirectories(dir.resolve("embedders"));
    Path contentvec = Files.createSymbolicLink(embedders.resolve("contentvec"),
        Golden.path("embedders/contentvec"));
    Path korean = Files.createSymbolicLink(embedders.resolve("korean_hubert_base"),
        Golden.path("embedders/korean_hubert_base"));
    SharedModelFiles files = new SharedModelFiles(Map.of(SharedModelFiles.ENV, dir.toString()));

    assertEquals(korean, files.embedder(null, "korean-hubert-base"));
    assertEquals(contentvec, files.embedder(null, "spin"), "spin is missing: the default");
    assertEquals(contentvec, files.embedder(null, null));
    assertEquals(korean, files.embedder(korean, "spin"), "a given path wins");
  }
}
