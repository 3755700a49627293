/**
 * Inputs for the {@code benchmark} command that need no files: a song-like test signal and a
 * random IVF-Flat index of the real shape. Uses {@code convert} and {@code models}; nothing in
 * {@code convert} uses it.
 */
package io.rvcbeam.convert.bench;
