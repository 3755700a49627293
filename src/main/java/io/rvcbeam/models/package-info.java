/**
 * The three networks of the RVC chain, each built from the user's checkpoint file and a device:
 * {@link io.rvcbeam.models.ContentEncoder} (HuBERT / ContentVec), the pitch estimator (RMVPE)
 * and the synthesizer. Sizes are read from the checkpoint; intermediates live in per-call
 * managers.
 */
package io.rvcbeam.models;
