package io.rvcbeam.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.rvcbeam.Golden;
import io.rvcbeam.audio.AudioDecoder;
import io.rvcbeam.models.ContentEncoder;
import io.rvcbeam.models.PitchEstimator;
import io.rvcbeam.models.Synthesizer;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A song at batch 4 (chunks padded into calls of one shape, masked) is the song of batch 1 up
 * to float rounding.
 */
class SongConverterBatchTest {

  /**
   * Small chunks (cut every ≈ 3 s) so that 14 s of the long golden song make 5 chunks of unequal
   * length at the cost of one 14 s conversion per batch size.
   */
  private static final ChunkConfig SMALL_CHUNKS = new ChunkConfig(1, 1, 3, 4);

  @Test
  void batchOfFour_givesTheSongOfBatchesOfOne() throws IOException {
    double[] song = Arrays.copyOf(AudioDecoder.decode(
        Golden.path("inputs/song_16k_mono_pipeline_input.wav")).downmixToMono(), 14 * 16000);
    ConversionSettings settings = ConversionSettings.defaults().withIndexRate(0.75)
        .withRmsMixRate(0.25).withNoise(ConversionSettings.Noise.ZERO, 0);
    try (ContentEncoder encoder = ContentEncoder.load(Golden.path("models/contentvec_tiny"),
            Device.cpu(), DataType.FLOAT32);
        PitchEstimator rmvpe = PitchEstimator.load(Golden.path("models/rmvpe_tiny.pt"),
            Device.cpu(), DataType.FLOAT32);
        Synthesizer synth = Synthesizer.load(Golden.path("models/tiny_v2_24k_f0.pth"),
            Device.cpu(), DataType.FLOAT32);
        Retrieval index = Retrieval.open(
            Golden.path("models/added_IVF5_Flat_nprobe_1_tiny_v2.index"), 768, "tiny")) {
      VoiceConverter voice = new VoiceConverter(encoder, synth, index);
      SongConverter one = new SongConverter(rmvpe, voice, SMALL_CHUNKS, 1);
      SongConverter four = new SongConverter(rmvpe, voice, SMALL_CHUNKS, 4);
      SongConverter.PreparedSong prepared =
          one.prepare(song, "batch", settings, Profiler.disabled());
      int[] lengths = prepared.chunks().stream().mapToInt(c -> c.audio().length).toArray();
      assertTrue(lengths.length > 4, "chunks: " + lengths.length); // batches of 4 and 1
      assertTrue(Arrays.stream(lengths).distinct().count() > 1, Arrays.toString(lengths));

      float[] a = one.convert(prepared, settings, Profiler.disabled(), null);
      float[] b = four.convert(prepared, settings, Profiler.disabled(), null);

      assertEquals(a.length, b.length);
      // Zero noise: the prepared chunks can be converted again. Same plan, same bytes.
      org.junit.jupiter.api.Assertions.assertArrayEquals(b,
          four.convert(prepared, settings, Profiler.disabled(), null));
      double signal = 0;
      double noise = 0;
      for (int i = 0; i < a.length; i++) {
        signal += (double) a[i] * a[i];
        noise += (double) (a[i] - b[i]) * (a[i] - b[i]);
      }
      assertTrue(signal > 0);
      double snr = noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
      assertTrue(snr >= 60, "SNR " + snr + " dB");
    }
  }
}
