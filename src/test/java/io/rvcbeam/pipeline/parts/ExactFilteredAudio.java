package io.rvcbeam.pipeline.parts;

/** A {@link FilteredAudio} over exact values held whole (tests): the samples are their rounding. */
public final class ExactFilteredAudio implements FilteredAudio {

  private final double[] exact;
  private final float[] samples;

  public ExactFilteredAudio(double[] exact) {
    this.exact = exact;
    this.samples = new float[exact.length];
    for (int i = 0; i < exact.length; i++) {
      samples[i] = (float) exact[i];
    }
  }

  @Override
  public float[] samples() {
    return samples;
  }

  @Override
  public void readExact(int from, int to, double[] out) {
    System.arraycopy(exact, from, out, 0, to - from);
  }
}
