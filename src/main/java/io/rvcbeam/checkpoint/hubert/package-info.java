/**
 * What a HuBERT / ContentVec content-encoder checkpoint says about itself: its files (HF
 * directory, safetensors, fairseq {@code .pt}), key-name normalisation (fairseq to HF names) and
 * the network's sizes from tensor shapes and the declared config. Both {@code inspect} ({@link
 * io.rvcbeam.checkpoint.EmbedderInfo}) and the loader ({@code models.ContentEncoder})
 * read through {@link io.rvcbeam.checkpoint.hubert.HubertCheckpoint#config()}'s reader, so they
 * agree about a file. Plain host values only; no tensors library.
 */
package io.rvcbeam.checkpoint.hubert;
