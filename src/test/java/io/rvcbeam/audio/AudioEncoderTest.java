package io.rvcbeam.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AudioEncoderTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(value = AudioFormat.class, names = {"WAV_PCM16", "WAV_PCM24", "WAV_FLOAT32", "FLAC16", "FLAC24"})
  void givenMultiChannelAudio_roundTripsWithinQuantisation(AudioFormat format) throws Exception {
    for (int channels : new int[] {1, 2, 3}) {
      PcmAudio audio = TestSignals.chord(channels == 3 ? 48000 : 44100, channels, 20011);
      Path file = tmp.resolve("rt-" + channels + "." + format.extension());
      AudioEncoder.write(audio, file, format);
      PcmAudio decoded = AudioDecoder.decode(file);

      assertEquals(audio.sampleRate(), decoded.sampleRate());
      assertEquals(channels, decoded.channels());
      assertEquals(audio.frames(), decoded.frames());
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < audio.frames(); i++) {
          assertEquals(
              expectedAfterRoundTrip(audio.sample(c, i), format),
              decoded.sample(c, i),
              0.0,
              format + " ch " + c + " frame " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = AudioFormat.class, names = {"WAV_PCM16", "WAV_PCM24", "WAV_FLOAT32", "FLAC16", "FLAC24"})
  void givenSameAudioTwice_encodesIdenticalBytes(AudioFormat format) throws Exception {
    PcmAudio audio = TestSignals.chord(40000, 2, 12345);
    byte[] first = AudioEncoder.encode(audio, format, "first");
    byte[] second = AudioEncoder.encode(audio, format, "second");
    assertArrayEquals(first, second);
    Path file = tmp.resolve("same." + format.extension());
    AudioEncoder.write(audio, file, format);
    assertArrayEquals(first, Files.readAllBytes(file));
  }

  @Test
  void givenManyThreads_encodesConcurrentlyWithSameBytes() throws Exception {
    PcmAudio audio = TestSignals.chord(44100, 2, 30000);
    byte[] expected = AudioEncoder.encode(audio, AudioFormat.FLAC24, "x");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> AudioEncoder.encode(audio, AudioFormat.FLAC24, "x")));
      }
      for (Future<byte[]> result : results) {
        assertArrayEquals(expected, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void givenMonoPcm16_writesCanonical44ByteHeader() throws Exception {
    byte[] wav =
        AudioEncoder.encode(
            PcmAudio.mono(40000, new float[] {0f, 1f, -1f}), AudioFormat.WAV_PCM16, "x");
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(44 + 6, wav.length);
    assertEquals("RIFF", new String(wav, 0, 4, "US-ASCII"));
    assertEquals(wav.length - 8, b.getInt(4));
    assertEquals(1, b.getShort(20)); // PCM
    assertEquals(1, b.getShort(22));
    assertEquals(40000, b.getInt(24));
    assertEquals(16, b.getShort(34));
    assertEquals("data", new String(wav, 36, 4, "US-ASCII"));
    assertEquals(6, b.getInt(40));
    assertEquals(0, b.getShort(44));
    assertEquals(32767, b.getShort(46));
    assertEquals(-32767, b.getShort(48));
  }

  @Test
  void quantisation_scalesBy32767RoundsToNearestAndClips() {
    assertEquals(32767, SampleQuantizer.toPcm(1f, 16));
    assertEquals(32767, SampleQuantizer.toPcm(1.5f, 16));
    assertEquals(-32767, SampleQuantizer.toPcm(-3f, 16));
    assertEquals(32439, SampleQuantizer.toPcm(0.99f, 16)); // 32439.33
    assertEquals(-16384, SampleQuantizer.toPcm(-0.50001f, 16)); // -16383.83: nearest, not truncated
    assertEquals(8388607, SampleQuantizer.toPcm(1f, 24));
    // lrintf(x * 32767.0f): the float product 13942.5 is a tie (exact product 13942.50028).
    assertEquals(13942, SampleQuantizer.toPcm(Float.intBitsToFloat(1054464948), 16));
    assertEquals(-17632, SampleQuantizer.toPcm(Float.intBitsToFloat(-1089879532), 16));
  }

  @Test
  void formatForFileName_followsExtension() {
    assertEquals(AudioFormat.WAV_PCM16, AudioFormat.forFileName("out/Song.WAV"));
    assertEquals(AudioFormat.FLAC16, AudioFormat.forFileName("song.flac"));
    assertThrows(IllegalArgumentException.class, () -> AudioFormat.forFileName("song.aiff"));
  }

  @Test
  void write_usesExtensionAndLeavesNoTemporaryFile() throws Exception {
    Path file = tmp.resolve("song.flac");
    AudioEncoder.write(TestSignals.chord(32000, 1, 5000), file);
    AudioEncoder.write(TestSignals.chord(32000, 2, 5000), file); // replaces the first
    assertEquals(List.of("song.flac"), names(tmp));
    assertEquals(2, AudioDecoder.decode(file).channels());
    assertEquals("fLaC", new String(Files.readAllBytes(file), 0, 4, "US-ASCII"));
  }

  @Test
  void givenNonFiniteSample_failsAndCreatesNothing() {
    float[] x = {0f, Float.NaN, 0f};
    Path file = tmp.resolve("nan.wav");
    AudioException e =
        assertThrows(AudioException.class, () -> AudioEncoder.write(PcmAudio.mono(16000, x), file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("frame 1"), e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void givenFailingRename_removesTemporaryAndKeepsTarget() throws Exception {
    // The target is a non-empty directory, so the final rename fails after encoding.
    for (AudioFormat format : new AudioFormat[] {AudioFormat.WAV_PCM24, AudioFormat.FLAC24}) {
      Path target =
          Files.createDirectories(tmp.resolve("taken-" + format + "." + format.extension()));
      Files.writeString(target.resolve("keep.txt"), "x");
      assertThrows(
          AudioException.class,
          () -> AudioEncoder.write(TestSignals.chord(16000, 1, 1000), target, format));
      assertTrue(Files.isDirectory(target));
    }
    assertEquals(2, names(tmp).size(), "leftovers: " + names(tmp));
  }

  @Test
  void givenMissingDirectory_failsWithoutCreatingIt() {
    Path file = tmp.resolve("no/such/dir/out.wav");
    AudioException e =
        assertThrows(
            AudioException.class, () -> AudioEncoder.write(TestSignals.chord(16000, 1, 100), file));
    assertTrue(e.getMessage().contains("out.wav"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("no")));
  }

  private static float expectedAfterRoundTrip(float x, AudioFormat format) {
    switch (format) {
      case WAV_PCM16:
      case FLAC16:
        return SampleQuantizer.toPcm(x, 16) / 32768f;
      case WAV_PCM24:
      case FLAC24:
        return SampleQuantizer.toPcm(x, 24) / 8388608f;
      default:
        return x;
    }
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
