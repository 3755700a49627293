package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.AudioTags;
import io.rvcbeam.audio.PcmAudio;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output settings map to one encoder format each; bytes, stream and file agree. */
class EncodeTest {

  @Test
  void givenEachContainerAndSampleFormat_theEncoderFormatIsTheOneTheSettingsName() {
    assertEquals(AudioFormat.WAV_PCM16, Encode.of("wav", "pcm16", 0).format());
    assertEquals(AudioFormat.WAV_PCM24, Encode.of("wav", "pcm24", 0).format());
    assertEquals(AudioFormat.WAV_FLOAT32, Encode.of("wav", "float32", 0).format());
    assertEquals(AudioFormat.FLAC16, Encode.of("flac", "pcm16", 0).format());
    assertEquals(AudioFormat.FLAC24, Encode.of("flac", "pcm24", 0).format());
    for (String sampleFormat : new String[] {"pcm16", "pcm24", "float32"}) {
      assertEquals(AudioFormat.MP3, Encode.of("mp3", sampleFormat, 0).format());
      assertEquals(AudioFormat.OGG_VORBIS, Encode.of("ogg", sampleFormat, 0).format());
      assertEquals(AudioFormat.OPUS, Encode.of("opus", sampleFormat, 0).format());
      assertEquals(AudioFormat.M4A_AAC, Encode.of("m4a", sampleFormat, 0).format());
    }
    assertEquals(AudioFormat.FLAC24, Encode.forFileName("Song.FLAC", "pcm24", 0).format());
    assertEquals(AudioFormat.OPUS, Encode.forFileName("a.opus", "float32", 96).format());
  }

  @Test
  void givenASettingWithNoEncoder_itIsRefusedInOneLine() {
    IllegalArgumentException flac =
        assertThrows(IllegalArgumentException.class, () -> Encode.of("flac", "float32", 0));
    assertTrue(flac.getMessage().startsWith("FLAC has no float samples"), flac.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Encode.of("aiff", "pcm16", 0));
    IllegalArgumentException spelling =
        assertThrows(IllegalArgumentException.class, () -> Encode.of("wav", "int16", 0));
    assertTrue(spelling.getMessage().contains("pcm16, pcm24 or float32"), spelling.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Encode.forFileName("a.txt", "pcm16", 0));
  }

  @Test
  void givenOneSong_bytesStreamAndFileHoldTheSameFile(@TempDir Path tmp) throws Exception {
    float[] song = new float[1600];
    for (int i = 0; i < song.length; i++) {
      song[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
    }
    Encode encode = Encode.of("wav", "pcm24", 0);
    byte[] bytes = encode.bytes(song, 16000, "song");
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    encode.write(song, 16000, AudioTags.NONE, streamed, "song");
    Path file = tmp.resolve("song.wav");
    encode.write(PcmAudio.mono(16000, song), file);
    assertArrayEquals(bytes, streamed.toByteArray());
    assertArrayEquals(bytes, Files.readAllBytes(file));
    assertEquals(44 + 3 * song.length, bytes.length);
  }
}
