/** The values that flow between the graph's stages: songs, their audio, chunks, converted chunks, stitched songs and the one failure record. */
package io.rvcbeam.pipeline.values;
