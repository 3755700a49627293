package io.rvcbeam.components;

import io.rvcbeam.convert.ConversionSettings;
import io.rvcbeam.convert.Profiler;
import io.rvcbeam.convert.SourceEnvelope;
import io.rvcbeam.convert.Stitch;
import io.rvcbeam.pipeline.parts.SongStitcher;
import io.rvcbeam.pipeline.values.StitchInput;

/**
 * {@link SongStitcher} through {@link SourceEnvelope} and {@link Stitch}; the envelope travels
 * between stages widened to float64 (exactly: its values are float32).
 */
final class RvcStitcher implements SongStitcher {

  private static final SourceEnvelope ENVELOPE = new SourceEnvelope();

  @Override
  public double[] envelope(float[] filtered16k, ConversionSettings settings) {
    if (!settings.usesRmsMix()) {
      return null; // the default mix rate needs no envelope
    }
    float[] rms = ENVELOPE.apply(filtered16k, settings);
    double[] out = new double[rms.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = rms[i];
    }
    return out;
  }

  @Override
  public float[] stitch(StitchInput input) throws Exception {
    double[] envelope = input.sourceEnvelope();
    float[] rms = null;
    if (envelope != null) {
      rms = new float[envelope.length];
      for (int i = 0; i < rms.length; i++) {
        rms[i] = (float) envelope[i];
      }
    }
    Stitch stitch = new Stitch(input.sampleRate());
    float[] song = stitch.apply(input.song(), rms, input.settings(), Profiler.disabled());
    return input.instrumental() == null
        ? song
        : stitch.mixStem(song, input.settings(), input.instrumental());
  }
}
