package io.rvcbeam.pipeline;

import io.rvcbeam.pipeline.storage.RunLock;
import java.io.IOException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.joda.time.Duration;

/** A running job that gives its output location's {@link RunLock} back once it has ended. */
final class LockedResult implements PipelineResult {

  private final PipelineResult result;
  private final RunLock lock;

  LockedResult(PipelineResult result, RunLock lock) {
    this.result = result;
    this.lock = lock;
  }

  @Override
  public State getState() {
    return releaseIfEnded(result.getState());
  }

  @Override
  public State cancel() throws IOException {
    return releaseIfEnded(result.cancel());
  }

  @Override
  public State waitUntilFinish(Duration duration) {
    return releaseIfEnded(result.waitUntilFinish(duration));
  }

  @Override
  public State waitUntilFinish() {
    try {
      return releaseIfEnded(result.waitUntilFinish());
    } catch (RuntimeException | Error e) {
      lock.close();
      throw e;
    }
  }

  @Override
  public MetricResults metrics() {
    return result.metrics();
  }

  private State releaseIfEnded(State state) {
    if (state != null && state.isTerminal()) {
      lock.close();
    }
    return state;
  }
}
