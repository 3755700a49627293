/**
 * The pipeline's seams ({@link io.rvcbeam.pipeline.parts.ConversionComponents}) over the conversion
 * chain: thin adapters from the pipeline's records to the step objects of {@code convert}, the
 * same ones {@code convert} and {@code benchmark} call. Sits between {@code cli} and {@code
 * pipeline}: it may use pipeline, convert, models, checkpoint and audio; pipeline never uses it.
 */
package io.rvcbeam.components;
