/**
 * HuBERT / ContentVec internals behind {@link io.rvcbeam.models.ContentEncoder}: key-name
 * normalisation (HF and fairseq), sizes from shapes and config, and the forward pass (conv
 * feature extractor, feature projection, positional conv, post-LN transformer layers).
 */
package io.rvcbeam.models.hubert;
