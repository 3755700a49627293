/**
 * The catalogue pipeline on Apache Beam: job files and settings, the stages of README's data
 * flow as composite transforms ({@link io.rvcbeam.pipeline.SelectSongs} to {@link
 * io.rvcbeam.pipeline.WriteAudio}), dead letters, the report and progress.
 *
 * <p>Beam code here holds no numerics and imports no DJL: every numeric step goes through one of
 * the narrow seams bundled by {@link io.rvcbeam.pipeline.ConversionComponents}, implemented in
 * package {@code io.rvcbeam.components} over the conversion chain's steps in {@code convert}.
 */
package io.rvcbeam.pipeline;
