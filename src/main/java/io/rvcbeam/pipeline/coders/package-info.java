/** Beam coders of the values, deterministic so that outputs never depend on the runner. */
package io.rvcbeam.pipeline.coders;
