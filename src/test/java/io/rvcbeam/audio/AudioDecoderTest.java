package io.rvcbeam.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void givenInt32AndUnsigned8BitWav_scalesLikeSoundfile() throws Exception {
    int[] int32 = {Integer.MIN_VALUE, -1 << 20, 0, 1 << 30, Integer.MAX_VALUE};
    ByteBuffer data32 = ByteBuffer.allocate(int32.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : int32) {
      data32.putInt(v);
    }
    PcmAudio a32 = AudioDecoder.decode(writeWav(tmp.resolve("i32.wav"), 32, data32.array()));
    assertEquals(int32.length, a32.frames());
    for (int i = 0; i < int32.length; i++) {
      assertEquals((float) (int32[i] / 2147483648.0), a32.sample(0, i), 0.0);
    }

    byte[] u8 = {0, (byte) 64, (byte) 128, (byte) 255};
    PcmAudio a8 = AudioDecoder.decode(writeWav(tmp.resolve("u8.wav"), 8, u8));
    float[] expected = {-1f, -0.5f, 0f, 127f / 128f};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], a8.sample(0, i), 0.0);
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
  void givenSink_receivesTheSameSamplesFormatAndTagsAsTheWholeDecode() throws Exception {
    Path flac = tmp.resolve("stereo.flac");
    PcmAudio original = TestSignals.chord(44100, 2, 44100 * 3 + 11)
        .withTags(AudioTags.of(Map.of("title", "Sink test", "artist", "rvc-beam")));
    AudioEncoder.write(original, flac, AudioFormat.FLAC16);
    PcmAudio whole = AudioDecoder.decode(flac);
    int[] format = new int[2];
    float[][] got = new float[2][whole.frames()];
    int[] at = new int[1];
    AudioTags tags = AudioDecoder.decode(flac, "stereo.flac", new PcmSink() {
      @Override
      public void start(int sampleRate, int channels) {
        format[0] = sampleRate;
        format[1] = channels;
      }

      @Override
      public void add(float[][] planes, int offset, int frames) {
        for (int c = 0; c < 2; c++) {
          System.arraycopy(planes[c], offset, got[c], at[0], frames);
        }
        at[0] += frames;
      }
    });
    assertEquals(44100, format[0]);
    assertEquals(2, format[1]);
    assertEquals(whole.frames(), at[0]);
    assertArrayEquals(whole.channel(0), got[0]);
    assertArrayEquals(whole.channel(1), got[1]);
    assertEquals("Sink test", tags.asMap().get("title"));
    assertEquals(whole.tags().asMap(), tags.asMap());
  }

  @Test
  void givenPathInZipFileSystem_decodesIt() throws Exception {
    Path zip = tmp.resolve("songs.zip");
    try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
      Path inside = fs.getPath("/a/song.wav");
      Files.createDirectories(inside.getParent());
      Files.copy(Golden.path("inputs/test_signal_16k_mono.wav"), inside);
      assertEquals(48000, AudioDecoder.decode(inside).frames());
    }
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

  /** A mono 8 kHz integer-PCM WAV with the given sample bytes. */
  private static Path writeWav(Path file, int bits, byte[] data) throws Exception {
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data.length);
    h.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    h.putShort((short) 1).putShort((short) 1).putInt(8000).putInt(8000 * bits / 8);
    h.putShort((short) (bits / 8)).putShort((short) bits);
    h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length);
    Files.write(file, h.array());
    Files.write(file, data, StandardOpenOption.APPEND);
    return file;
  }

  private static void assertBadFile(String fixture, String expectedProblem) {
    Path file = Golden.path("bad/" + fixture);
    AudioException e = assertThrows(AudioException.class, () -> AudioDecoder.decode(file));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expectedProblem), e.getMessage());
  }
}
