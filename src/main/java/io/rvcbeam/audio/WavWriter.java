package io.rvcbeam.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes RIFF/WAVE: 16/24-bit PCM (format tag 1) or 32-bit float (tag 3, with a {@code fact}
 * chunk); more than two channels use WAVE_FORMAT_EXTENSIBLE with an unspecified channel mask. The
 * header holds nothing but the format, so equal audio gives equal bytes.
 */
final class WavWriter {

  private static final int EXTENSIBLE = 0xFFFE;
  private static final long MAX_RIFF_SIZE = 0xFFFFFFFFL;

  private WavWriter() {}

  static void write(PcmAudio audio, AudioFormat format, OutputStream out, String name)
      throws IOException {
    int channels = audio.channels();
    int frames = audio.frames();
    int bytesPerSample = format.bitsPerSample() / 8;
    boolean isFloat = format == AudioFormat.WAV_FLOAT32;
    boolean extensible = channels > 2;
    int formatTag = isFloat ? 3 : 1;

    long dataSize = (long) frames * channels * bytesPerSample;
    int fmtSize = extensible ? 40 : isFloat ? 18 : 16;
    boolean hasFact = isFloat;
    long riffSize = 4 + (8 + fmtSize) + (hasFact ? 12 : 0) + 8 + dataSize + (dataSize & 1);
    if (riffSize > MAX_RIFF_SIZE) {
      throw new AudioException(name, "audio too long for a WAV file (over 4 GiB)");
    }

    ByteBuffer h = ByteBuffer.allocate(12 + 8 + fmtSize + (hasFact ? 12 : 0) + 8);
    h.order(ByteOrder.LITTLE_ENDIAN);
    h.put(ascii("RIFF")).putInt((int) riffSize).put(ascii("WAVE"));
    h.put(ascii("fmt ")).putInt(fmtSize);
    h.putShort((short) (extensible ? EXTENSIBLE : formatTag));
    h.putShort((short) channels);
    h.putInt(audio.sampleRate());
    h.putInt(audio.sampleRate() * channels * bytesPerSample);
    h.putShort((short) (channels * bytesPerSample));
    h.putShort((short) format.bitsPerSample());
    if (extensible) {
      h.putShort((short) 22).putShort((short) format.bitsPerSample()).putInt(0);
      // Sub-format GUID {0000000T-0000-0010-8000-00AA00389B71}, T = format tag.
      h.putInt(formatTag).putShort((short) 0).putShort((short) 0x10);
      h.put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
    } else if (isFloat) {
      h.putShort((short) 0);
    }
    if (hasFact) {
      h.put(ascii("fact")).putInt(4).putInt(frames);
    }
    h.put(ascii("data")).putInt((int) dataSize);
    out.write(h.array());

    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    int frameBytes = channels * bytesPerSample;
    for (int i = 0; i < frames; i++) {
      if (buf.remaining() < frameBytes) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      for (int c = 0; c < channels; c++) {
        float x = audio.sample(c, i);
        switch (format) {
          case WAV_PCM16:
            buf.putShort((short) SampleQuantizer.toPcm(x, 16));
            break;
          case WAV_PCM24:
            int v = SampleQuantizer.toPcm(x, 24);
            buf.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
            break;
          default:
            buf.putFloat(x);
        }
      }
    }
    if ((dataSize & 1) == 1) {
      if (buf.remaining() < 1) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      buf.put((byte) 0);
    }
    out.write(buf.array(), 0, buf.position());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
