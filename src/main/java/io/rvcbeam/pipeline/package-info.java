/**
 * The catalogue pipeline on Apache Beam: job files and settings, the stages of README's data
 * flow as composite transforms ({@link io.rvcbeam.pipeline.ReadCatalogue} to {@link
 * io.rvcbeam.pipeline.WriteAudio}), dead letters, the report and progress.
 *
 * <p>Beam code here holds no numerics: every numeric step goes through one of the narrow seams
 * bundled by {@link io.rvcbeam.pipeline.ConversionComponents}.
 */
package io.rvcbeam.pipeline;
