package io.rvcbeam.audio;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lossy files made with the FFmpeg encoders this JavaCPP build has, decoded again: the length stays
 * within the codec's padding and the waveform is kept (correlation and SNR after aligning any
 * residual delay). An encoder the build lacks skips its case.
 */
class LossyRoundTripTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
    "libmp3lame, mp3, mp3, 44100",
    "aac, ipod, m4a, 44100",
    "vorbis, ogg, ogg, 44100",
    "libopus, ogg, opus, 48000",
  })
  void givenLossyFile_decodesCloseToTheOriginal(
      String encoderName, String muxer, String extension, int rate) throws Exception {
    Ffmpeg.load();
    AVCodec codec = avcodec_find_encoder_by_name(encoderName);
    assumeTrue(codec != null && !codec.isNull(), "FFmpeg build has no " + encoderName + " encoder");
    int sampleFormat = encoderName.equals("libopus") ? AV_SAMPLE_FMT_FLT : AV_SAMPLE_FMT_FLTP;
    // Channels are the same chord at 1.0 and 0.7 (a swap would fail the SNR bound): FFmpeg's
    // native Vorbis encoder (stereo only, "experimental") codes unrelated channels badly.
    float[] left = TestSignals.chord(rate, 1, rate).channel(0);
    float[] right = new float[left.length];
    for (int i = 0; i < left.length; i++) {
      right[i] = 0.7f * left[i];
    }
    PcmAudio original = new PcmAudio(rate, new float[][] {left, right});
    Path file = tmp.resolve("song." + extension);
    FfmpegAudioWriter.write(
        original, file, file.toString(), muxer, codec, sampleFormat, 0, 192_000);

    PcmAudio decoded = AudioDecoder.decode(file);

    assertEquals(rate, decoded.sampleRate());
    assertEquals(2, decoded.channels());
    assertTrue(
        Math.abs(decoded.frames() - original.frames()) <= 2048,
        "decoded " + decoded.frames() + " frames of " + original.frames());
    for (int c = 0; c < 2; c++) {
      float[] a = original.channel(c);
      float[] b = decoded.channel(c);
      int lag = bestLag(a, b, 2048);
      double[] stats = compare(a, b, lag, rate / 10);
      assertTrue(
          stats[0] > 0.99, encoderName + " ch " + c + " correlation " + stats[0] + " lag " + lag);
      assertTrue(stats[1] > 20, encoderName + " ch " + c + " SNR " + stats[1] + " dB, lag " + lag);
    }
  }

  /** Lag d in [-max, max] maximising Σ a[i]·b[i + d] over the middle of the signal. */
  private static int bestLag(float[] a, float[] b, int max) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int d = -max; d <= max; d++) {
      double s = 0;
      for (int i = max; i < a.length - max; i += 2) {
        int j = i + d;
        if (j >= 0 && j < b.length) {
          s += a[i] * b[j];
        }
      }
      if (s > bestScore) {
        bestScore = s;
        best = d;
      }
    }
    return best;
  }

  /** {correlation, SNR in dB} of b shifted by lag against a, skipping {@code edge} at each end. */
  private static double[] compare(float[] a, float[] b, int lag, int edge) {
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    double err = 0;
    for (int i = edge; i < a.length - edge; i++) {
      int j = i + lag;
      double y = j >= 0 && j < b.length ? b[j] : 0;
      sab += a[i] * y;
      saa += a[i] * a[i];
      sbb += y * y;
      err += (a[i] - y) * (a[i] - y);
    }
    return new double[] {sab / Math.sqrt(saa * sbb), 10 * Math.log10(saa / err)};
  }
}
