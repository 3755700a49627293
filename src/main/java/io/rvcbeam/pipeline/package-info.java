/**
 * The catalogue pipeline on Apache Beam: the graph ({@link io.rvcbeam.pipeline.CataloguePipeline})
 * and its stages as composite transforms ({@link io.rvcbeam.pipeline.SelectSongs} to {@link
 * io.rvcbeam.pipeline.WriteReport}). Sub-packages by role: {@code job} (job files and settings),
 * {@code parts} (the seams the stages call and the model caches), {@code values} and {@code coders}
 * (what flows between stages), {@code report} (report and progress), {@code storage} (URIs, atomic
 * writes, the work folder and run lock).
 *
 * <p>Beam code here holds no numerics and imports no DJL: every numeric step goes through one of
 * the narrow seams bundled by {@link io.rvcbeam.pipeline.parts.ConversionComponents}, implemented in
 * package {@code io.rvcbeam.components} over the conversion chain's steps in {@code convert}.
 */
package io.rvcbeam.pipeline;
