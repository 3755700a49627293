package io.rvcbeam.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioDecoderTest {

  @TempDir Path tmp;

  @Test
  void givenGoldenTestSignal_decodesExactly() throws Exception {
    Path file = Golden.path("inputs/test_signal_16k_mono.wav");
    PcmAudio audio = AudioDecoder.decode(file);
    double[] expected = TestFiles.wav16Mono(file);
    assertEquals(16000, audio.sampleRate());
    assertEquals(1, audio.channels());
    assertEquals(expected.length, audio.frames());
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], audio.sample(0, i), 0.0, "sample " + i);
    }
  }

  @Test
  void givenMissingFile_namesFileAndProblem() {
    Path missing = tmp.resolve("nope.wav");
    AudioException e = assertThrows(AudioException.class, () -> AudioDecoder.decode(missing));
    assertTrue(e.getMessage().contains("nope.wav"), e.getMessage());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void givenZeroByteFile_saysEmpty() {
    assertBadFile("zero_bytes.wav", "empty (0 bytes)");
  }

  @Test
  void givenValidHeaderWithoutSamples_saysNoSamples() {
    assertBadFile("empty_0_samples.wav", "contains no audio samples");
  }

  @Test
  void givenBrokenRiffMagic_saysNotReadable() {
    assertBadFile("corrupt_header_magic.wav", "not a readable audio file");
  }

  @Test
  void givenZeroChannelFmtChunk_isRejected() {
    assertBadFile("corrupt_header_fmt.wav", "no decodable audio stream");
  }

  @Test
  void givenFmtChunkSizePastEnd_isRejected() {
    // FFmpeg's WAV demuxer refuses the fmt chunk instead of reading the 1000 samples after it.
    assertBadFile("corrupt_header_chunk_size.wav", "not a readable audio file");
  }

  @Test
  void givenBytesInMemory_decodesLikeTheFile() throws Exception {
    Path file = Golden.path("inputs/test_signal_16k_mono.wav");
    PcmAudio fromBytes = AudioDecoder.decode(Files.readAllBytes(file), "gs://bucket/song.wav");
    PcmAudio fromFile = AudioDecoder.decode(file);
    assertEquals(fromFile.frames(), fromBytes.frames());
    assertEquals(fromFile.sample(0, 1234), fromBytes.sample(0, 1234));
    AudioException e =
        assertThrows(
            AudioException.class,
            () ->
                AudioDecoder.decode(
                    Files.readAllBytes(Golden.path("bad/corrupt_header_magic.wav")),
                    "gs://b/x.wav"));
    assertTrue(e.getMessage().startsWith("gs://b/x.wav: "), e.getMessage());
  }

  @Test
  void givenManyThreads_decodesConcurrently() throws Exception {
    Path good = Golden.path("inputs/test_signal_16k_mono.wav");
    Path bad = Golden.path("bad/corrupt_header_magic.wav");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        boolean useBad = i % 4 == 3;
        results.add(
            pool.submit(
                () -> {
                  try {
                    return AudioDecoder.decode(useBad ? bad : good).frames();
                  } catch (AudioException e) {
                    return -1;
                  }
                }));
      }
      for (int i = 0; i < results.size(); i++) {
        assertEquals(i % 4 == 3 ? -1 : 48000, results.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertBadFile(String fixture, String expectedProblem) {
    Path file = Golden.path("bad/" + fixture);
    AudioException e = assertThrows(AudioException.class, () -> AudioDecoder.decode(file));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expectedProblem), e.getMessage());
  }
}
