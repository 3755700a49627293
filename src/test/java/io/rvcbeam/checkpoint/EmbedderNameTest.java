package io.rvcbeam.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbedderNameTest {

  @Test
  void applioFoldersFilesAndUris_nameTheirEmbedder() {
    assertEquals("spin-v2", EmbedderName.of("/x/rvc/models/embedders/spin-v2", null));
    assertEquals("spin", EmbedderName.of("/x/embedders/spin/", null));
    assertEquals("chinese-hubert-base",
        EmbedderName.of("gs://b/embedders/chinese_hubert_base/pytorch_model.bin", null));
    assertEquals("korean-hubert-base",
        EmbedderName.of("C:\\models\\korean_hubert_base\\model.safetensors", null));
    assertEquals("contentvec", EmbedderName.of("/models/hubert_base.pt", null));
    assertEquals("japanese-hubert-base", EmbedderName.of("/my/jp", "rinna/japanese-hubert-base"));
    assertEquals(EmbedderName.CUSTOM, EmbedderName.of("/my/own-hubert", "facebook/hubert-base"));
  }

  @Test
  void voiceModels_nameTheirEmbedderOnlyWhenApplioRecordedOne() {
    assertEquals("spin", EmbedderName.ofVoice(Map.of("embedder_model", "spin")));
    assertNull(EmbedderName.ofVoice(Map.of("embedder_model", "custom")));
    assertNull(EmbedderName.ofVoice(Map.of("version", "v2")));
  }

  @Test
  void onlyTwoKnownDifferentNames_areAMismatch() {
    assertNull(EmbedderName.mismatch("v.pth", "spin", "/e/spin", "spin"));
    assertNull(EmbedderName.mismatch("v.pth", null, "/e/spin", "spin"));
    assertNull(EmbedderName.mismatch("v.pth", "spin", "/e/mine", EmbedderName.CUSTOM));
    assertEquals("v.pth was trained with the 'spin' embedder but the embedder given (/e/cv) is"
        + " 'contentvec'", EmbedderName.mismatch("v.pth", "spin", "/e/cv", "contentvec"));
  }
}
