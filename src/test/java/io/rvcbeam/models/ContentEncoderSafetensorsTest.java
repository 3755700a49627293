package io.rvcbeam.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.checkpoint.HostTensor;
import io.rvcbeam.models.ContentEncoder.Features;
import io.rvcbeam.models.random.RandomHubertWeights;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HF directory with {@code model.safetensors} (and {@code hubert.}-prefixed keys) loads. */
class ContentEncoderSafetensorsTest {

  @Test
  void givenSafetensorsDirectory_matchesTheInMemoryWeights(@TempDir Path dir) throws Exception {
    Map<String, HostTensor> hf = RandomHubertWeights.build(5, 8, 32, 1, 16, 4, 4, 8);
    writeSafetensors(dir.resolve("model.safetensors"), hf, "hubert.");
    Files.writeString(dir.resolve("config.json"), "{\"num_attention_heads\": 2, "
        + "\"conv_stride\": [5, 2, 2, 2, 2, 2, 2], \"num_hidden_layers\": 1, "
        + "\"feat_extract_norm\": \"group\", \"do_stable_layer_norm\": false, "
        + "\"layer_norm_eps\": 1e-05, \"classifier_proj_size\": 8}");
    float[][] audio = new float[1][2000];
    for (int i = 0; i < audio[0].length; i++) {
      audio[0][i] = (float) Math.sin(i * 0.05);
    }
    try (ContentEncoder fromFile = ContentEncoder.load(dir, Device.cpu(), DataType.FLOAT32);
        ContentEncoder inMemory = ContentEncoder.fromStateDict("mem", hf,
            Map.of("num_attention_heads", 2), Device.cpu(), DataType.FLOAT32)) {
      assertEquals(2, fromFile.config().numHeads());
      float[][][] a = fromFile.encode(audio, Features.V1);
      float[][][] b = inMemory.encode(audio, Features.V1);
      for (int t = 0; t < a[0].length; t++) {
        assertArrayEquals(b[0][t], a[0][t], 0f);
      }
    }
  }

  private static void writeSafetensors(Path file, Map<String, HostTensor> tensors, String prefix)
      throws Exception {
    StringBuilder header = new StringBuilder("{");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      ByteBuffer raw = e.getValue().rawBytes();
      byte[] bytes = new byte[raw.remaining()];
      raw.get(bytes);
      if (header.length() > 1) {
        header.append(',');
      }
      header.append('"').append(prefix).append(e.getKey()).append("\":{\"dtype\":\"F32\",")
          .append("\"shape\":[")
          .append(Arrays.stream(e.getValue().shape()).mapToObj(Long::toString)
              .collect(Collectors.joining(",")))
          .append("],\"data_offsets\":[").append(data.size()).append(',')
          .append(data.size() + bytes.length).append("]}");
      data.writeBytes(bytes);
    }
    byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(length.array());
    out.writeBytes(json);
    out.writeBytes(data.toByteArray());
    Files.write(file, out.toByteArray());
  }
}
