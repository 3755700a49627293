package io.rvcbeam.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each lossy output format, written by {@link AudioEncoder} from mono voice-model audio and decoded
 * back by FFmpeg: the rate the codec takes, the length within the codec's framing, the waveform
 * kept, the input's tags carried, and the same bytes on a second run.
 *
 * <p>Length: MP3 (LAME header) and Opus (pre-skip and final granule position) record the encoder
 * delay and the true length, so FFmpeg gives back exactly the samples written. M4A's edit list
 * only skips AAC's priming: the last 1024-sample frame's padding stays (410 and 704 samples
 * here); FFmpeg's Vorbis encoder ends on a whole short block (32 here). So those two may be up
 * to one AAC frame (1024 samples, 23 ms at 44.1 kHz) longer, never shorter.
 */
class LossyEncoderTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} from {1} Hz")
  @CsvSource({
    "MP3, 40000, 44100",
    "MP3, 48000, 48000",
    "MP3, 32000, 32000",
    "MP3, 24000, 24000",
    "OGG_VORBIS, 24000, 24000",
    "M4A_AAC, 24000, 24000",
    "OGG_VORBIS, 40000, 40000",
    "OGG_VORBIS, 48000, 48000",
    "OPUS, 40000, 48000",
    "OPUS, 32000, 48000",
    "M4A_AAC, 40000, 44100",
    "M4A_AAC, 48000, 48000",
  })
  void givenVoiceAudio_writesDecodableDeterministicFile(
      AudioFormat format, int rate, int expectedRate) throws Exception {
    int frames = rate * 3 / 2;
    PcmAudio original = TestSignals.chord(rate, 1, frames).withTags(tags());
    Path first = tmp.resolve("a." + format.extension());
    Path second = tmp.resolve("b." + format.extension());

    AudioEncoder.write(original, first, format);
    AudioEncoder.write(original, second, format);
    PcmAudio decoded = AudioDecoder.decode(first);

    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), "rerun differs");
    assertEquals(expectedRate, decoded.sampleRate());
    assertEquals(expectedRate, AudioEncoder.encodedRate(format, rate));
    // FFmpeg's own Vorbis encoder (JavaCPP's build has no libvorbis) writes stereo only.
    boolean nativeVorbis = format == AudioFormat.OGG_VORBIS;
    assertEquals(nativeVorbis ? 2 : 1, decoded.channels());
    if (nativeVorbis) {
      assertArrayEquals(decoded.channel(0), decoded.channel(1), 1e-3f, "channels differ");
    }
    long expectedFrames = (long) Math.ceil((double) frames * expectedRate / rate);
    long extra = decoded.frames() - expectedFrames;
    boolean exactLength = format == AudioFormat.MP3 || format == AudioFormat.OPUS;
    assertTrue(
        exactLength ? extra == 0 : extra >= 0 && extra < 1024,
        format + ": decoded " + decoded.frames() + " frames, expected " + expectedFrames);
    float[] reference = Resampler.resample(original, expectedRate).channel(0);
    double correlation = bestCorrelation(reference, decoded.channel(0), 2048);
    assertTrue(correlation > 0.99, format + " correlation " + correlation);
    assertEquals("Song Title ☃", tagIgnoringCase(decoded.tags(), "title"));
    assertEquals("Some Artist", tagIgnoringCase(decoded.tags(), "artist"));
  }

  @Test
  void givenARunASecondLater_bytesAreTheSame() throws Exception {
    // Containers that would stamp the time (MP4's creation time) or a random id (Ogg's stream
    // serial number) must not: FFmpeg's bit-exact mode is on.
    PcmAudio audio = TestSignals.chord(40000, 1, 20000).withTags(tags());
    AudioFormat[] lossy = {AudioFormat.MP3, AudioFormat.OGG_VORBIS, AudioFormat.OPUS,
        AudioFormat.M4A_AAC};
    byte[][] first = new byte[lossy.length][];
    for (int i = 0; i < lossy.length; i++) {
      first[i] = AudioEncoder.encode(audio, lossy[i], "first");
    }
    Thread.sleep(1100);
    for (int i = 0; i < lossy.length; i++) {
      assertArrayEquals(first[i], AudioEncoder.encode(audio, lossy[i], "later"),
          lossy[i].toString());
    }
  }

  @Test
  void givenBitRate_itSetsTheSize() throws Exception {
    PcmAudio audio = TestSignals.chord(44100, 1, 44100 * 4);
    int low = AudioEncoder.encode(audio, AudioFormat.MP3, 64_000, "low").length;
    int high = AudioEncoder.encode(audio, AudioFormat.MP3, 256_000, "high").length;
    // CBR: 4 s at 64 and 256 kbit/s are about 32 kB and 128 kB.
    assertTrue(Math.abs(low - 32_000) < 4_000, "64k gave " + low + " bytes");
    assertTrue(Math.abs(high - 128_000) < 8_000, "256k gave " + high + " bytes");
  }

  @Test
  void givenFileName_picksTheFormat() {
    assertEquals(AudioFormat.MP3, AudioFormat.forFileName("x.MP3"));
    assertEquals(AudioFormat.OGG_VORBIS, AudioFormat.forFileName("x.ogg"));
    assertEquals(AudioFormat.OPUS, AudioFormat.forFileName("x.opus"));
    assertEquals(AudioFormat.M4A_AAC, AudioFormat.forFileName("x.m4a"));
  }

  @Test
  void carriedOverTags_dropThoseAboutTheInputEncoding() {
    Map<String, String> in = new LinkedHashMap<>();
    in.put("title", "T");
    in.put("encoder", "Lavf60");
    in.put("REPLAYGAIN_TRACK_GAIN", "-3 dB");
    in.put("iTunSMPB", "x");
    in.put("album", "A");
    assertEquals(Map.of("title", "T", "album", "A"), AudioTags.of(in).carriedOver().asMap());
  }

  private static AudioTags tags() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("title", "Song Title ☃");
    t.put("artist", "Some Artist");
    return AudioTags.of(t);
  }

  private static String tagIgnoringCase(AudioTags tags, String key) {
    return tags.asMap().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(key))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** Highest normalised correlation of b shifted by up to ±max against a, over a's middle. */
  private static double bestCorrelation(float[] a, float[] b, int max) {
    double best = -1;
    for (int d = -max; d <= max; d += 1) {
      double sab = 0;
      double saa = 0;
      double sbb = 0;
      for (int i = max; i < a.length - max; i += 4) {
        int j = i + d;
        double y = j >= 0 && j < b.length ? b[j] : 0;
        sab += a[i] * y;
        saa += a[i] * a[i];
        sbb += y * y;
      }
      if (saa > 0 && sbb > 0) {
        best = Math.max(best, sab / Math.sqrt(saa * sbb));
      }
    }
    return best;
  }
}
