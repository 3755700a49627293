package io.rvcbeam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rvcbeam.Golden;
import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.audio.AudioEncoder;
import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.AudioTags;
import io.rvcbeam.audio.PcmAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rvc-beam convert} in-process on the golden 3 s song with the golden tiny models. */
class ConvertCommandTest {

  /** 3 s at 16 kHz → 40 kHz, less the reference's frame rounding (docs/algorithm.md §3.4). */
  private static final int EXPECTED_FRAMES = 119200;

  @TempDir Path dir;

  @Test
  void givenModelsInRvcModelsDir_writesPlayableWavAtTheModelsRateAndLength() throws IOException {
    Path models = Files.createDirectory(dir.resolve("models"));
    Files.createSymbolicLink(models.resolve("contentvec"), Golden.path("models/contentvec_tiny"));
    Files.createSymbolicLink(models.resolve("rmvpe.pt"), Golden.path("models/rmvpe_tiny.pt"));
    Path out = dir.resolve("out.wav");

    ConvertRun run = ConvertRun.of(Map.of(SharedModelFiles.ENV, models.toString()),
        ConvertRun.SONG, out.toString(), ConvertRun.MODEL, ConvertRun.INDEX);

    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().isEmpty(), run.err());
    assertTrue(run.out().contains("out.wav: 3.0 s at 40000 Hz"), run.out());
    PcmAudio audio = AudioDecoder.decode(out);
    assertEquals(40000, audio.sampleRate());
    assertEquals(1, audio.channels());
    assertEquals(EXPECTED_FRAMES, audio.frames());
    assertEquals(44 + 2 * EXPECTED_FRAMES, Files.size(out), "16-bit PCM WAV by default");
    assertTrue(peak(audio.channel(0)) > 0.01, "not silent");
    assertTrue(peak(audio.channel(0)) <= 0.99 + 1e-4, "peak-limited to 0.99");
  }

  @Test
  void givenZeroNoise_twice_writesIdenticalBytes_andFlacHoldsTheWavsSamples() throws IOException {
    Path first = dir.resolve("first.wav");
    Path second = dir.resolve("second.wav");
    Path flac = dir.resolve("third.flac");

    assertEquals(0, ConvertRun.golden(ConvertRun.SONG, first, "--noise=zero").code());
    assertEquals(0, ConvertRun.golden(ConvertRun.SONG, second, "--noise=zero").code());
    ConvertRun flacRun = ConvertRun.golden(ConvertRun.SONG, flac, "--noise=zero");
    assertEquals(0, flacRun.code(), flacRun.err());

    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    PcmAudio wav = AudioDecoder.decode(first);
    PcmAudio fromFlac = AudioDecoder.decode(flac);
    assertEquals(40000, fromFlac.sampleRate());
    assertArrayEquals(wav.channel(0), fromFlac.channel(0));
    assertEquals(EXPECTED_FRAMES, fromFlac.frames());
  }

  @Test
  void givenSeededNoise_twice_writesIdenticalBytes_thatDifferFromZeroNoise() throws IOException {
    // Same output name (the noise key) in two folders.
    Path first = Files.createDirectories(dir.resolve("one")).resolve("a.wav");
    Path second = Files.createDirectories(dir.resolve("two")).resolve("a.wav");
    Path zero = dir.resolve("z.wav");

    assertEquals(0, ConvertRun.golden(ConvertRun.SONG, first, "--seed=7").code());
    assertEquals(0, ConvertRun.golden(ConvertRun.SONG, second, "--noise=seeded", "--seed=7")
        .code());
    assertEquals(0, ConvertRun.golden(ConvertRun.SONG, zero, "--noise=zero").code());

    byte[] a = Files.readAllBytes(first);
    assertArrayEquals(a, Files.readAllBytes(second));
    assertFalse(Arrays.equals(a, Files.readAllBytes(zero)), "seeded noise changes the output");
  }

  @Test
  void givenFloatSampleFormat_writesFloatWav() throws IOException {
    Path out = dir.resolve("float.wav");

    ConvertRun run = ConvertRun.golden(ConvertRun.SONG, out, "--noise=zero",
        "--sampleFormat=float32", "--indexRate=0");

    assertEquals(0, run.code(), run.err());
    PcmAudio audio = AudioDecoder.decode(out);
    assertEquals(EXPECTED_FRAMES, audio.frames());
    assertTrue(Files.size(out) >= 4L * EXPECTED_FRAMES, "4 bytes a sample");
  }

  @Test
  void givenLossyOutputName_writesThatFormatWithTheInputsTags_sameBytesOnRerun()
      throws IOException {
    Path tagged = dir.resolve("tagged.flac");
    AudioEncoder.write(
        AudioDecoder.decode(Path.of(ConvertRun.SONG))
            .withTags(AudioTags.of(Map.of("title", "Test Song"))),
        tagged,
        AudioFormat.FLAC16);
    Path opus = dir.resolve("out.opus");
    Path again = dir.resolve("again.opus");
    Path mp3 = dir.resolve("out.mp3");

    ConvertRun run = ConvertRun.golden(tagged.toString(), opus, "--noise=zero");
    assertEquals(0, ConvertRun.golden(tagged.toString(), again, "--noise=zero").code());
    ConvertRun mp3Run =
        ConvertRun.golden(tagged.toString(), mp3, "--noise=zero", "--bitRate=128");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("out.opus: 3.0 s at 48000 Hz"), run.out());
    assertArrayEquals(Files.readAllBytes(opus), Files.readAllBytes(again));
    PcmAudio fromOpus = AudioDecoder.decode(opus);
    assertEquals(48000, fromOpus.sampleRate());
    assertEquals(EXPECTED_FRAMES * 6 / 5, fromOpus.frames(), "40 kHz resampled to 48 kHz");
    assertEquals("Test Song", fromOpus.tags().asMap().get("title"));
    assertEquals(0, mp3Run.code(), mp3Run.err());
    PcmAudio fromMp3 = AudioDecoder.decode(mp3);
    assertEquals(44100, fromMp3.sampleRate(), "MP3 has no 40 kHz");
    assertEquals("Test Song", fromMp3.tags().asMap().get("title"));
    // 128 kbit/s CBR for 3 s is 48 kB, plus the ID3 and LAME header frames.
    assertTrue(Math.abs(Files.size(mp3) - 48_000) < 2_000, Files.size(mp3) + " bytes");
  }

  private static double peak(float[] x) {
    double p = 0;
    for (float v : x) {
      p = Math.max(p, Math.abs(v));
    }
    return p;
  }
}
