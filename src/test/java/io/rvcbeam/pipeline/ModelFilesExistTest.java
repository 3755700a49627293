package io.rvcbeam.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesExistTest {

  @TempDir Path tmp;

  @Test
  void givenFilesAndAFolder_passes_andNamesEveryMissingFile() throws Exception {
    Path embedder = Files.createDirectories(tmp.resolve("contentvec"));
    Files.writeString(embedder.resolve("config.json"), "{}");
    Path rmvpe = Files.writeString(tmp.resolve("rmvpe.pt"), "x");
    Path voice = Files.writeString(tmp.resolve("a.pth"), "x");
    ModelFiles shared = new ModelFiles(embedder.toString(), rmvpe.toString());

    new ModelFilesExist()
        .validate(shared, List.of(new VoiceModel("a", voice.toString(), null)));

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> new ModelFilesExist().validate(shared,
            List.of(new VoiceModel("a", voice.toString(), tmp.resolve("a.index").toString()),
                new VoiceModel("b", tmp.resolve("b.pth").toString(), null))));
    assertTrue(e.getMessage().contains("voice 'a' index"), e.getMessage());
    assertTrue(e.getMessage().contains("b.pth"), e.getMessage());
  }
}
