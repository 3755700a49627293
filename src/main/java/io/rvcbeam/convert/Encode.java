package io.rvcbeam.convert;

import io.rvcbeam.audio.AudioEncoder;
import io.rvcbeam.audio.AudioException;
import io.rvcbeam.audio.AudioFormat;
import io.rvcbeam.audio.AudioTags;
import io.rvcbeam.audio.PcmAudio;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The chain's last step: a converted song to an audio file in the output settings' format. The
 * mapping from the settings (container, sample format, bit rate in kbit/s) to {@link
 * AudioEncoder}'s formats lives here once, for {@code run} (its writer in {@code components}) and
 * {@code convert}. Deterministic: the same samples, tags and settings give the same bytes.
 * Immutable and thread-safe.
 */
public final class Encode {

  private final AudioFormat format;
  private final int bitRate;

  private Encode(AudioFormat format, int bitRate) {
    this.format = format;
    this.bitRate = bitRate;
  }

  /**
   * @param container {@code wav}, {@code flac}, {@code mp3}, {@code ogg} (Vorbis), {@code opus}
   *     or {@code m4a} (AAC)
   * @param sampleFormat {@code pcm16}, {@code pcm24} or {@code float32} (not for flac); the lossy
   *     containers ignore it
   * @param bitRateKbps kbit/s for the lossy containers, 0 for the format's default; wav and flac
   *     ignore it
   * @throws IllegalArgumentException for a container or sample format with no encoder, in one
   *     line
   */
  public static Encode of(String container, String sampleFormat, int bitRateKbps) {
    if (!sampleFormat.equals("pcm16") && !sampleFormat.equals("pcm24")
        && !sampleFormat.equals("float32")) {
      throw new IllegalArgumentException(
          "sampleFormat must be pcm16, pcm24 or float32, got " + sampleFormat);
    }
    AudioFormat format = switch (container) {
      case "wav" -> switch (sampleFormat) {
        case "pcm16" -> AudioFormat.WAV_PCM16;
        case "pcm24" -> AudioFormat.WAV_PCM24;
        default -> AudioFormat.WAV_FLOAT32;
      };
      case "flac" -> switch (sampleFormat) {
        case "pcm16" -> AudioFormat.FLAC16;
        case "pcm24" -> AudioFormat.FLAC24;
        default -> throw new IllegalArgumentException(
            "FLAC has no float samples; use wav, or sampleFormat pcm16 or pcm24");
      };
      case "mp3" -> AudioFormat.MP3;
      case "ogg" -> AudioFormat.OGG_VORBIS;
      case "opus" -> AudioFormat.OPUS;
      case "m4a" -> AudioFormat.M4A_AAC;
      default -> throw new IllegalArgumentException("no encoder for " + container);
    };
    return new Encode(format, bitRateKbps * 1000);
  }

  /**
   * As {@link #of}, the container named by a file name's extension ({@link
   * AudioFormat#forFileName}).
   */
  public static Encode forFileName(String fileName, String sampleFormat, int bitRateKbps) {
    return of(AudioFormat.forFileName(fileName).extension(), sampleFormat, bitRateKbps);
  }

  public AudioFormat format() {
    return format;
  }

  /** The sample rate the file holds for audio at {@code sampleRate} (Opus is always 48 kHz). */
  public int encodedRate(int sampleRate) throws AudioException {
    return AudioEncoder.encodedRate(format, sampleRate);
  }

  /** The file's bytes; {@code name} only names it in errors. */
  public byte[] bytes(float[] mono, int sampleRate, String name) throws AudioException {
    return AudioEncoder.encode(PcmAudio.mono(sampleRate, mono), format, bitRate, name);
  }

  /**
   * Writes the file to {@code out} (not closed) without copying {@code mono} first; the caller
   * must not change it meanwhile.
   */
  public void write(float[] mono, int sampleRate, AudioTags tags, OutputStream out, String name)
      throws AudioException {
    AudioEncoder.encodeMono(sampleRate, mono, tags, format, bitRate, out, name);
  }

  /** Writes {@code target} atomically: complete, or left as it was. */
  public void write(PcmAudio audio, Path target) throws AudioException {
    AudioEncoder.write(audio, target, format, bitRate);
  }

  @Override
  public String toString() {
    return format + (format.isLossy() && bitRate > 0 ? " at " + bitRate / 1000 + " kbit/s" : "");
  }
}
