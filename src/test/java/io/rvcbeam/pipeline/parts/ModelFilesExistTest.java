package io.rvcbeam.pipeline.parts;

import io.rvcbeam.pipeline.job.ModelFiles;
import io.rvcbeam.pipeline.job.VoiceModel;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    Map<String, String> unusable = new ModelFilesExist().validate(shared,
        List.of(new VoiceModel("a", voice.toString(), tmp.resolve("a.index").toString()),
            new VoiceModel("b", tmp.resolve("b.pth").toString(), null)));
    assertTrue(unusable.get("a").contains("voice 'a'") && unusable.get("a").contains("a.index"),
        unusable.toString());
    assertTrue(unusable.get("b").contains("voice 'b'") && unusable.get("b").contains("b.pth"),
        unusable.toString());
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> new ModelFilesExist().validate(
            new ModelFiles(embedder.toString(), tmp.resolve("none.pt").toString()), List.of()));
    assertTrue(e.getMessage().contains("none.pt"), e.getMessage());
  }
}
