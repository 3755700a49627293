/**
 * Readers for the files RVC users already have: PyTorch zip checkpoints (read with a safe pickle
 * machine that never runs code), safetensors, NumPy {@code .npy} and FAISS IVF-Flat indexes.
 *
 * <p>Every reader returns plain host values ({@link io.rvcbeam.checkpoint.HostTensor}, maps, lists)
 * and reports any problem as a {@link io.rvcbeam.checkpoint.CheckpointException} whose message
 * names the file. This package depends on nothing else of ours.
 */
package io.rvcbeam.checkpoint;
