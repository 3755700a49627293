package io.rvcbeam.models.rmvpe;

import io.rvcbeam.nn.Scoped;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rvcbeam.nn.MelFilterBank;

/**
 * RMVPE's log-mel spectrogram: STFT (n_fft 1024, hop 160, periodic Hann window of 1024, centred
 * with reflect padding), magnitude, HTK-scale Slaney-normalised mel bank (128 bands, 30–8000 Hz),
 * {@code log(max(mel, 1e-5))}. Always computed in float32, as the reference does.
 */
public final class MelFrontEnd {

  public static final int SAMPLE_RATE = 16000;
  public static final int N_FFT = 1024;
  public static final int HOP = 160;
  public static final int MEL_BINS = 128;
  public static final double FMIN = 30;
  public static final double FMAX = 8000;
  private static final float LOG_FLOOR = 1e-5f;

  private final NDArray window; // [N_FFT]
  private final NDArray melBasisT; // [N_FFT / 2 + 1, MEL_BINS]

  /** @param manager the model's manager; holds the window and the mel bank */
  public MelFrontEnd(NDManager manager) {
    // torch's own periodic Hann window (float32 arithmetic), not one computed in double and
    // rounded: the two differ by one ulp in two thirds of the taps, and the MRF decoder's phase
    // turns such round-off in the pitch into several dB of output difference.
    this.window = manager.hanningWindow(N_FFT); // [N_FFT]
    int bins = N_FFT / 2 + 1;
    float[] basis = MelFilterBank.htkSlaney(SAMPLE_RATE, N_FFT, MEL_BINS, FMIN, FMAX);
    float[] t = new float[basis.length];
    for (int m = 0; m < MEL_BINS; m++) {
      for (int k = 0; k < bins; k++) {
        t[k * MEL_BINS + m] = basis[m * bins + k];
      }
    }
    this.melBasisT = manager.create(t, new Shape(bins, MEL_BINS));
  }

  /** The analysis window, for tests. */
  float[] window() {
    return window.toFloatArray();
  }

  /** Frames the STFT gives for {@code samples} samples: {@code samples / 160 + 1}. */
  public static int frames(int samples) {
    return samples / HOP + 1;
  }

  /**
   * @param audio [B, N] float32, N > {@link #N_FFT} / 2 (reflect padding needs it)
   * @return [B, MEL_BINS, N / 160 + 1] float32 log-mel, on audio's manager
   */
  public NDArray forward(NDArray audio) {
    return forward(audio, true);
  }

  /**
   * @param center true: torch's centred STFT (reflect-pads N_FFT/2 each side, N / 160 + 1
   *     frames); false: frames start at sample 0, (N − 1024) / 160 + 1 of them — for windows cut
   *     from a longer, already padded signal
   */
  public NDArray forward(NDArray audio, boolean center) {
    long n = audio.getShape().get(1);
    if (!center && (audio.getShape().dimension() != 2 || n < N_FFT)) {
      throw new IllegalArgumentException("uncentred mel needs [B, N] audio with N >= " + N_FFT
          + ", got " + audio.getShape());
    }
    if (center && (audio.getShape().dimension() != 2 || n <= N_FFT / 2)) {
      throw new IllegalArgumentException("mel front end needs [B, N] audio with N > "
          + N_FFT / 2 + ", got " + audio.getShape());
    }
    return Scoped.run(audio, a -> logMel(a, center));
  }

  private NDArray logMel(NDArray audio, boolean center) {
    NDArray x = audio.getDataType() == DataType.FLOAT32 ? audio
        : audio.toType(DataType.FLOAT32, false);
    NDArray spec = x.stft(N_FFT, HOP, center, window, false, true); // [B, 513, T] complex
    NDArray magnitude = spec.abs(); // [B, 513, T]
    NDArray mel = magnitude.transpose(0, 2, 1).matMul(melBasisT); // [B, T, 128]
    return mel.maximum(LOG_FLOOR).log().transpose(0, 2, 1); // [B, 128, T]
  }
}
