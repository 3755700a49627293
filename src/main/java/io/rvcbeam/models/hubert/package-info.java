/**
 * HuBERT / ContentVec internals behind {@link io.rvcbeam.models.ContentEncoder}: the forward pass
 * (conv feature extractor, feature projection, positional conv, post-LN transformer layers). The
 * files, key names and sizes are read in {@code io.rvcbeam.checkpoint.hubert}.
 */
package io.rvcbeam.models.hubert;
