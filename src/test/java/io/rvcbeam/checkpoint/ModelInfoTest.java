package io.rvcbeam.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rvcbeam.Golden;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInfoTest {

  @TempDir Path dir;

  private static VoiceModelInfo voice(String name) throws Exception {
    return VoiceModelInfo.of(TorchCheckpoint.read(Golden.path("models/" + name + ".pth")));
  }

  @Test
  void givenEachGoldenVoiceModel_readsTheReadmeTable() throws Exception {
    Object[][] table = {
      {"tiny_v2_40k_f0", "v2", 40000, true, 768, 400, VoiceModelInfo.WEIGHT_G_V},
      {"tiny_v2_48k_f0", "v2", 48000, true, 768, 480, VoiceModelInfo.WEIGHT_G_V},
      {"tiny_v2_32k_f0", "v2", 32000, true, 768, 320, VoiceModelInfo.PARAMETRIZATIONS},
      {"tiny_v1_40k_f0", "v1", 40000, true, 256, 400, VoiceModelInfo.WEIGHT_G_V},
      {"tiny_v2_40k_nof0", "v2", 40000, false, 768, 400, VoiceModelInfo.WEIGHT_G_V},
      {"tiny_v2_24k_f0", "v2", 24000, true, 768, 240, VoiceModelInfo.WEIGHT_G_V},
    };
    for (Object[] row : table) {
      VoiceModelInfo info = voice((String) row[0]);
      assertEquals(row[1], info.version(), (String) row[0]);
      assertEquals(row[2], info.sampleRate(), (String) row[0]);
      assertEquals(row[3], info.f0(), (String) row[0]);
      assertEquals(row[4], info.contentWidth(), (String) row[0]);
      assertEquals(row[5], info.hop(), (String) row[0]);
      assertEquals(row[6], info.weightNormKeys(), (String) row[0]);
      assertEquals("FLOAT16", info.storageDtype());
      assertEquals(18, info.config().size());
      assertEquals(109, info.speakers());
      assertEquals("HiFi-GAN", info.vocoder());
      assertTrue(info.parameterCount() > 10_000, "params " + info.parameterCount());
    }
  }

  @Test
  void givenParameterCount_equalsTheSumOfTensorSizes() throws Exception {
    TorchCheckpoint ckpt = TorchCheckpoint.read(Golden.path("models/tiny_v2_40k_f0.pth"));
    long sum = ckpt.tensors().values().stream().mapToLong(HostTensor::numel).sum();
    VoiceModelInfo info = VoiceModelInfo.of(ckpt);
    assertEquals(sum, info.parameterCount());
    assertEquals(ckpt.tensors().size(), info.tensorCount());
  }

  @Test
  void givenNonVoiceCheckpoint_refusesAsVoiceModel() throws Exception {
    TorchCheckpoint rmvpe = TorchCheckpoint.read(Golden.path("models/rmvpe_tiny.pt"));
    assertFalse(VoiceModelInfo.isVoiceModel(rmvpe));
    CheckpointException e = assertThrows(CheckpointException.class, () -> VoiceModelInfo.of(rmvpe));
    assertTrue(e.getMessage().contains("rmvpe_tiny.pt") && e.getMessage().contains("not an RVC"));
  }

  @Test
  void givenGoldenRmvpe_readsTinySizes() throws Exception {
    Path f = Golden.path("models/rmvpe_tiny.pt");
    RmvpeInfo info = RmvpeInfo.of(f, TorchCheckpoint.read(f).tensors());
    assertEquals(5, info.enDeLayers());
    assertEquals(2, info.nBlocks());
    assertEquals(2, info.interLayers());
    assertEquals(1, info.enOutChannels());
    assertEquals(384, info.gruInput());
    assertEquals(256, info.gruHidden());
    assertEquals(360, info.outputs());
  }

  @Test
  void givenGoldenContentVecDirectoryOrFile_readsWidths() throws Exception {
    Path d = Golden.path("models/contentvec_tiny");
    for (Path p : List.of(d, d.resolve("pytorch_model.bin"))) {
      EmbedderInfo info = EmbedderInfo.read(p);
      assertEquals("hf-pytorch", info.format());
      assertEquals(1, info.layers());
      assertEquals(768, info.hiddenWidth());
      assertEquals(256, info.finalProjWidth());
      assertEquals(37, info.tensorCount());
      assertEquals("FLOAT32", info.storageDtype());
    }
    assertFalse(
        EmbedderInfo.isEmbedder(
            TorchCheckpoint.read(Golden.path("models/rmvpe_tiny.pt")).tensors()));
  }

  @Test
  void givenSafetensorsDirectory_readsTheSameFactsAndChecksConfig() throws Exception {
    Path src = Golden.path("models/contentvec_tiny");
    Map<String, HostTensor> tensors =
        TorchCheckpoint.read(src.resolve("pytorch_model.bin")).tensors();
    Path hf = Files.createDirectory(dir.resolve("hf"));
    writeSafetensors(hf.resolve("model.safetensors"), tensors);
    Files.copy(src.resolve("config.json"), hf.resolve("config.json"));
    EmbedderInfo info = EmbedderInfo.read(hf);
    assertEquals("hf-safetensors", info.format());
    assertEquals(768, info.hiddenWidth());
    assertEquals(37, info.tensorCount());

    ObjectMapper json = new ObjectMapper();
    ObjectNode config = (ObjectNode) json.readTree(src.resolve("config.json").toFile());
    config.put("num_hidden_layers", 12);
    json.writeValue(hf.resolve("config.json").toFile(), config);
    CheckpointException e = assertThrows(CheckpointException.class, () -> EmbedderInfo.read(hf));
    assertTrue(e.getMessage().contains("not a usable content encoder")
        && e.getMessage().contains("num_hidden_layers") && e.getMessage().contains("12"),
        e.getMessage());

    Path emptyDir = Files.createDirectory(dir.resolve("nothing"));
    assertTrue(
        assertThrows(CheckpointException.class, () -> EmbedderInfo.read(emptyDir))
            .getMessage()
            .contains("needs model.safetensors or pytorch_model.bin"));
  }

  /** A minimal safetensors writer for tests (tensors in map order, no padding needed). */
  static void writeSafetensors(Path file, Map<String, HostTensor> tensors) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<HostTensor.DType, String> names = new LinkedHashMap<>();
    names.put(HostTensor.DType.FLOAT32, "F32");
    names.put(HostTensor.DType.FLOAT16, "F16");
    names.put(HostTensor.DType.INT64, "I64");
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      HostTensor t = e.getValue();
      ObjectNode n = header.putObject(e.getKey());
      n.put("dtype", names.get(t.dtype()));
      n.putPOJO("shape", t.shape());
      byte[] raw = new byte[t.rawBytes().remaining()];
      t.rawBytes().get(raw);
      n.putPOJO("data_offsets", new long[] {data.size(), data.size() + raw.length});
      data.writeBytes(raw);
    }
    byte[] h = json.writeValueAsBytes(header);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
    out.writeBytes(h);
    out.writeBytes(data.toByteArray());
    Files.write(file, out.toByteArray());
  }
}
