/**
 * The per-song conversion chain around the networks: chunk planning at quiet points, pitch
 * post-processing (shift, coarse bins, RMVPE windows), feature-index retrieval, feature
 * upsampling and protect, and the conversion settings. Everything here except {@link
 * io.rvcbeam.convert.ExactKnnRetrieval} is plain Java on arrays, bit-compatible with the
 * reference (docs/algorithm.md §3, §4.2, §4.7, §4.8, §6, §7, §11).
 */
package io.rvcbeam.convert;
