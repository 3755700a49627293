/**
 * The three networks of RVC inference, each built from the user's checkpoint file and a device:
 * {@link io.rvcbeam.models.ContentEncoder} (HuBERT / ContentVec),
 * {@link io.rvcbeam.models.PitchEstimator} (RMVPE) and {@link io.rvcbeam.models.Synthesizer}
 * (NSF-HiFiGAN). Sizes come from the checkpoints, so the small golden test models run the same
 * code as the released ones; intermediates live in per-call managers.
 */
package io.rvcbeam.models;
