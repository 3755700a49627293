package io.rvcbeam.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Encodes {@link PcmAudio} as WAV (16/24-bit PCM, 32-bit float), FLAC (16/24-bit), MP3, Ogg
 * Vorbis, Opus or M4A (AAC), any channel count; the lossy formats at a rate their codec takes
 * ({@link #encodedRate}). The audio's {@link PcmAudio#tags() tags} go into every format but WAV. Integer formats quantise as the reference's soundfile write does ({@code rint(x ·
 * (2^(bits−1) − 1))}, after clipping to [-1, 1]). Output bytes depend only on the audio and the
 * format (no dates, versions or random ids), so re-running a job rewrites identical files.
 *
 * <p>{@link #write} is atomic: it encodes into a hidden sibling {@code .<name>.tmp-<random>} and
 * renames it over the target only when complete; on any failure the temporary file is removed and
 * the target is left as it was. {@link #encode} gives the bytes, for callers that write through
 * Beam {@code FileSystems} (e.g. gs://) themselves.
 *
 * <p>Thread-safe.
 */
public final class AudioEncoder {

  private static final SecureRandom RANDOM = new SecureRandom();

  private AudioEncoder() {}

  /** Writes {@code target} in the format its extension names ({@link AudioFormat#forFileName}). */
  public static void write(PcmAudio audio, Path target) throws AudioException {
    write(audio, target, AudioFormat.forFileName(String.valueOf(target.getFileName())));
  }

  /** Writes {@code target} atomically in {@code format}, at its default bit rate if lossy. */
  public static void write(PcmAudio audio, Path target, AudioFormat format) throws AudioException {
    write(audio, target, format, 0);
  }

  /**
   * Writes {@code target} atomically in {@code format}.
   *
   * @param bitRate bits per second for lossy formats (0: {@link AudioFormat#defaultBitRate});
   *     ignored for WAV and FLAC
   */
  public static void write(PcmAudio audio, Path target, AudioFormat format, int bitRate)
      throws AudioException {
    String name = target.toString();
    checkFinite(audio, name);
    Path absolute = target.toAbsolutePath();
    Path temp =
        absolute.resolveSibling(
            "." + absolute.getFileName() + ".tmp-" + HexFormat.of().toHexDigits(RANDOM.nextLong()));
    try {
      if (!format.extension().equals("wav")) {
        writeWithFfmpeg(audio, format, bitRate, temp, name);
      } else {
        try (OutputStream out =
            Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          WavWriter.write(audio, format, out, name);
        }
      }
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (AudioException e) {
      deleteQuietly(temp);
      throw e;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp);
      throw new AudioException(name, "cannot write " + format + ": " + e, e);
    }
  }

  /** The encoded file as bytes; {@code name} is only used in error messages. */
  public static byte[] encode(PcmAudio audio, AudioFormat format, String name)
      throws AudioException {
    return encode(audio, format, 0, name);
  }

  /** As above, at {@code bitRate} bits per second if lossy (0: the default). */
  public static byte[] encode(PcmAudio audio, AudioFormat format, int bitRate, String name)
      throws AudioException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encode(audio, format, bitRate, out, name);
    return out.toByteArray();
  }

  /** The sample rate a file of {@code format} holds for audio at {@code sampleRate}. */
  public static int encodedRate(AudioFormat format, int sampleRate) throws AudioException {
    return format.isLossy() ? LossyEncoder.encodedRate(format, sampleRate) : sampleRate;
  }

  /**
   * Writes mono {@code samples} encoded to {@code out} (not closed) without copying them first
   * (an hour at 40 kHz is 576 MB); the caller must not change them meanwhile.
   */
  public static void encodeMono(
      int sampleRate, float[] samples, AudioFormat format, OutputStream out, String name)
      throws AudioException {
    encodeMono(sampleRate, samples, AudioTags.NONE, format, 0, out, name);
  }

  /** As above, with tags and a bit rate (0: the format's default). */
  public static void encodeMono(
      int sampleRate,
      float[] samples,
      AudioTags tags,
      AudioFormat format,
      int bitRate,
      OutputStream out,
      String name)
      throws AudioException {
    encode(
        PcmAudio.wrap(sampleRate, new float[][] {samples}).withTags(tags),
        format,
        bitRate,
        out,
        name);
  }

  /** Writes the encoded file to {@code out} (not closed). */
  public static void encode(PcmAudio audio, AudioFormat format, OutputStream out, String name)
      throws AudioException {
    encode(audio, format, 0, out, name);
  }

  /** Writes the encoded file to {@code out} (not closed), lossy at {@code bitRate} (0: default). */
  public static void encode(
      PcmAudio audio, AudioFormat format, int bitRate, OutputStream out, String name)
      throws AudioException {
    checkFinite(audio, name);
    try {
      if (!format.extension().equals("wav")) {
        // FFmpeg's muxers seek back to finish their headers (FLAC, MP3's Xing frame, MP4's
        // sizes), so they write to a file.
        Path temp = Files.createTempFile("rvcbeam-encode-", "." + format.extension());
        try {
          writeWithFfmpeg(audio, format, bitRate, temp, name);
          Files.copy(temp, out);
        } finally {
          deleteQuietly(temp);
        }
      } else {
        WavWriter.write(audio, format, out, name);
      }
    } catch (AudioException e) {
      throw e;
    } catch (IOException e) {
      throw new AudioException(name, "cannot encode " + format + ": " + e, e);
    }
  }

  private static void writeWithFfmpeg(
      PcmAudio audio, AudioFormat format, int bitRate, Path file, String name)
      throws AudioException {
    if (format.isLossy()) {
      LossyEncoder.write(audio, format, bitRate, file, name);
    } else {
      FfmpegAudioWriter.writeFlac(audio, format, file, name);
    }
  }

  private static void checkFinite(PcmAudio audio, String name) throws AudioException {
    String bad = SampleQuantizer.firstNonFinite(audio);
    if (bad != null) {
      throw new AudioException(name, "cannot encode non-finite sample " + bad);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // nothing more to do; the name is hidden and random
    }
  }
}
