package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rvcbeam.Golden;
import io.rvcbeam.audio.HighPassFilter;
import io.rvcbeam.convert.ChunkPlan.Chunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference's chunk boundaries of the golden chains (README "Full chains", manifest). */
class ChunkPlanGoldenTest {

  @Test
  void longChain_cutsWhereTheReferenceCut() throws IOException {
    double[] x = HighPassFilter.RVC.apply(readPcm16("inputs/song_16k_mono_pipeline_input.wav"));
    assertEquals(1220000, x.length);
    ChunkPlan plan = ChunkPlan.of(x, ChunkConfig.FP32);
    assertEquals(1252000, plan.paddedLength());
    assertEquals(7825, plan.pitchLength()); // f0_pitchf.npy has 7826 = one more RMVPE frame
    assertArrayEquals(new int[] {585145, 1195902}, plan.cuts()); // numpy/scipy re-run
    List<Chunk> chunks = plan.chunks();
    assertEquals(3, chunks.size());
    int[][] expected = { // audio_pad_start, audio_pad_len, pitch_frames, p_len, out untrimmed, trimmed
      {0, 617280, 3857, 3856, 925440, 877440},
      {585120, 642880, 4017, 4016, 963840, 915840},
      {1195840, 56160, 351, 350, 84000, 36000}
    };
    int hop = 240; // 24 kHz model
    for (int i = 0; i < 3; i++) {
      Chunk c = chunks.get(i);
      int[] e = expected[i];
      assertEquals(e[0], c.padStart(), "start of chunk " + i);
      assertEquals(e[1], c.length(), "length of chunk " + i);
      assertEquals(e[0] / 160, c.pitchStart(), "pitch start of chunk " + i);
      assertEquals(e[2], c.pitchFrames(), "pitch frames of chunk " + i);
      assertEquals(e[3], c.synthFrames(), "p_len of chunk " + i);
      assertEquals(e[4], c.synthFrames() * hop);
      assertEquals(e[5], plan.trimmedLength(c.synthFrames() * hop, 24000), "trimmed " + i);
    }
  }

  @Test
  void shortChain_isOneChunk() throws IOException {
    double[] x = HighPassFilter.RVC.apply(readPcm16("inputs/test_signal_16k_mono.wav"));
    ChunkPlan plan = ChunkPlan.of(x, ChunkConfig.FP32);
    assertEquals(List.of(new Chunk(0, 0, 80000, 0, 500)), plan.chunks());
    assertEquals(119200, plan.trimmedLength(plan.chunks().get(0).synthFrames() * 400, 40000));
  }

  /** A canonical 16-bit PCM WAV as soundfile reads it: int16 / 32768 (first channel). */
  static double[] readPcm16(String golden) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Golden.path(golden)));
    b.order(ByteOrder.LITTLE_ENDIAN);
    int channels = 1;
    int pos = 12;
    while (pos + 8 <= b.limit()) {
      String id = new String(b.array(), pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
      int size = b.getInt(pos + 4);
      if (id.equals("fmt ")) {
        channels = b.getShort(pos + 10);
      } else if (id.equals("data")) {
        int frames = size / (2 * channels);
        double[] out = new double[frames];
        for (int i = 0; i < frames; i++) {
          out[i] = b.getShort(pos + 8 + 2 * channels * i) / 32768.0;
        }
        return out;
      }
      pos += 8 + size + (size & 1);
    }
    throw new IOException("no data chunk in " + golden);
  }
}
