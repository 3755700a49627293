package io.rvcbeam.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Dataflow pre-check answers in seconds with one line; none of these tests needs a network. */
class DataflowPreflightTest {

  private static final Map<String, String> ARGS =
      Map.of("runner", "DataflowRunner", "project", "p", "region", "us-central1",
          "tempLocation", "gs://bucket/tmp");

  private static DataflowPreflight.Probe probe(IOException unreachable, IOException noCredentials) {
    return new DataflowPreflight.Probe() {
      @Override
      public void reach(String host, Duration timeout) throws IOException {
        if (unreachable != null) {
          throw unreachable;
        }
      }

      @Override
      public void credentials() throws IOException {
        if (noCredentials != null) {
          throw noCredentials;
        }
      }
    };
  }

  private static Optional<String> check(Map<String, String> args, DataflowPreflight.Probe probe) {
    return DataflowPreflight.problem(args, args.get("project"), args.get("region"), probe,
        Duration.ofSeconds(5));
  }

  private static void assertOneLine(String expectedPart, Optional<String> problem) {
    assertTrue(problem.isPresent(), "expected a problem naming " + expectedPart);
    String line = problem.get();
    assertFalse(line.contains("\n"), line);
    assertTrue(line.startsWith("DataflowRunner: ") && line.contains(expectedPart), line);
  }

  @Test
  void givenEverything_noProblem() {
    assertEquals(Optional.empty(), check(ARGS, probe(null, null)));
  }

  @Test
  void givenNoNetwork_oneLineNamingTheApiHost() {
    assertOneLine("cannot reach dataflow.googleapis.com",
        check(ARGS, probe(new UnknownHostException("dataflow.googleapis.com"), null)));
  }

  @Test
  void givenNoCredentials_oneLineSayingHowToLogIn() {
    assertOneLine("gcloud auth application-default login",
        check(ARGS, probe(null, new IOException("The Application Default Credentials are not"
            + " available.\nThey are available if running in Google Compute Engine."))));
  }

  @Test
  void givenANetworkThatNeverAnswers_theDeadlineEndsTheCheck() {
    DataflowPreflight.Probe hangs = new DataflowPreflight.Probe() {
      @Override
      public void reach(String host, Duration timeout) throws IOException {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }

      @Override
      public void credentials() {}
    };
    Optional<String> problem = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> DataflowPreflight.problem(ARGS, "p", "r", hangs, Duration.ofSeconds(1)));
    assertOneLine("no answer within 1 s while reaching dataflow.googleapis.com", problem);
  }

  @Test
  void givenMissingOptions_oneLineEachBeforeAnyNetworkCheck() {
    DataflowPreflight.Probe untouched = new DataflowPreflight.Probe() {
      @Override
      public void reach(String host, Duration timeout) {
        throw new AssertionError("no network check before the options are complete");
      }

      @Override
      public void credentials() {
        throw new AssertionError("no credentials check before the options are complete");
      }
    };
    assertOneLine("--project", DataflowPreflight.problem(ARGS, null, "r", untouched,
        Duration.ofSeconds(5)));
    assertOneLine("--region", DataflowPreflight.problem(ARGS, "p", null, untouched,
        Duration.ofSeconds(5)));
    assertOneLine("gs:// folder, got /tmp/x", DataflowPreflight.problem(
        Map.of("tempLocation", "/tmp/x"), "p", "r", untouched, Duration.ofSeconds(5)));
  }

  @Test
  void theRealProbe_failsFastOnAHostThatCannotResolve() {
    assumeTrue(System.getenv("https_proxy") == null && System.getenv("HTTPS_PROXY") == null,
        "behind an HTTPS proxy the probe does not dial the host itself");
    // .invalid never resolves (RFC 6761): offline or online, the answer is quick and negative.
    assertTimeoutPreemptively(Duration.ofSeconds(15), () ->
        assertThrows(IOException.class, () -> DataflowPreflight.realProbe()
            .reach("dataflow.invalid", Duration.ofSeconds(5))));
  }
}
