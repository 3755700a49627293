/** Where work and outputs live: URI reads with retries, atomic writes, the work folder of converted chunks, its keys and the run lock. */
package io.rvcbeam.pipeline.storage;
