/**
 * Building blocks of RMVPE's {@code E2E} pitch network (Wei et al., "RMVPE: A Robust Model for
 * Vocal Pitch Estimation in Polyphonic Music", 2023): log-mel front end, residual U-Net, BiGRU
 * head and the salience-to-Hz decoder. Assembled by {@link io.rvcbeam.models.PitchEstimator}.
 *
 * <p>Every block reads its sizes from the checkpoint's shapes; BatchNorm (inference mode) is
 * folded into the preceding convolution at load time.
 */
package io.rvcbeam.models.rmvpe;
