/**
 * HuBERT / ContentVec internals behind {@link io.rvcbeam.models.ContentEncoder}: the forward pass
 * (conv feature extractor, feature projection, positional conv, post-LN transformer layers). The
 * conv front end runs in windows of output frames and attention one head at a time: on a 40-s
 * chunk at batch 1 the largest arrays are then a window's layer-0 output (33 MB), the feed-forward
 * hidden [B, T, F] (25 MB) and one head's scores [B, 1, T, T] (16 MB). The files, key names and sizes are
 * read in {@code io.rvcbeam.checkpoint.hubert}.
 */
package io.rvcbeam.models.hubert;
