/** The run's report: per-song lines, stage times, the summary and live progress. */
package io.rvcbeam.pipeline.report;
