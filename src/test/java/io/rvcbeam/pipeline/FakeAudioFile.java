package io.rvcbeam.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny audio "format" the fake decoder reads: magic, rate, channels, float32 LE frames. */
public final class FakeAudioFile {

  static final byte[] MAGIC = "FAKEPCM1".getBytes(StandardCharsets.US_ASCII);

  private FakeAudioFile() {}

  /** Writes a deterministic tone-plus-noise song of {@code seconds} at {@code rate}. */
  public static Path writeSong(Path file, double seconds, int rate, int channels, long seed)
      throws IOException {
    int frames = (int) Math.round(seconds * rate);
    java.util.Random random = new java.util.Random(seed);
    double freq = 110 + 40 * (seed % 7);
    float[] interleaved = new float[frames * channels];
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < channels; c++) {
        interleaved[i * channels + c] =
            (float) (0.4 * Math.sin(2 * Math.PI * freq * i / rate + c)
                + 0.05 * random.nextGaussian());
      }
    }
    return write(file, rate, channels, interleaved);
  }

  public static Path write(Path file, int rate, int channels, float[] interleaved) throws IOException {
    ByteBuffer buffer =
        ByteBuffer.allocate(MAGIC.length + 8 + 4 * interleaved.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC).putInt(rate).putInt(channels);
    for (float v : interleaved) {
      buffer.putFloat(v);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, buffer.array());
  }
}
