/** What the graph asks its components for (decoder, input conditioning, pitch tracker, chunk planner, chunk converter, stitcher, writer, model checks) and the per-JVM and on-disk model caches those parts are loaded through. */
package io.rvcbeam.pipeline.parts;
