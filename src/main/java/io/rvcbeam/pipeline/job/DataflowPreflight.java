package io.rvcbeam.pipeline.job;

import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before a Dataflow job is submitted, what would otherwise fail only after minutes of
 * retries inside Beam's staging and API clients: a project, a region, a {@code gs://} temp
 * location, a route to the Dataflow API and credentials that yield an access token. Each check
 * that fails gives one line naming what is missing and how to give it.
 */
public final class DataflowPreflight {

  /** The Dataflow API's host (the default {@code dataflowEndpoint}). */
  public static final String API_HOST = "dataflow.googleapis.com";

  /** The checks that need the outside world; tests give fakes. */
  public interface Probe {
    /** Returns when a TCP connection to {@code host:443} opens; throws when it cannot. */
    void reach(String host, Duration timeout) throws IOException;

    /** Returns when Application Default Credentials yield an access token; throws when not. */
    void credentials() throws IOException;
  }

  private DataflowPreflight() {}

  /**
   * The first problem found, as one line, or empty when the job can be submitted.
   *
   * @param args the Beam arguments ({@code runner}, {@code project}, {@code region}, …)
   * @param project the project Beam resolved (from {@code --project} or gcloud's configuration),
   *     or null
   * @param region {@code --region}, else {@code CLOUDSDK_COMPUTE_REGION}, or null
   * @param deadline for all network checks together
   */
  public static Optional<String> problem(
      Map<String, String> args, String project, String region, Probe probe, Duration deadline) {
    if (project == null || project.isBlank()) {
      return fail("no project: give --project=PROJECT_ID (or run gcloud config set project)");
    }
    if (blank(region)) {
      return fail("no region: give --region=REGION (e.g. --region=us-central1)");
    }
    String temp = args.getOrDefault("tempLocation", args.get("gcpTempLocation"));
    if (temp == null || !temp.startsWith("gs://")) {
      return fail("--tempLocation must be a gs:// folder, got " + (temp == null ? "none" : temp));
    }
    ExecutorService single =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "dataflow-preflight");
              t.setDaemon(true);
              return t;
            });
    String[] step = {"reaching " + API_HOST};
    Future<?> checks =
        single.submit(
            () -> {
              probe.reach(API_HOST, deadline);
              step[0] = "getting an access token from Application Default Credentials";
              probe.credentials();
              return null;
            });
    try {
      checks.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      return fail("no answer within " + deadline.toSeconds() + " s while " + step[0]
          + " (no network, or a firewall?)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String why = cause.getMessage() == null ? cause.getClass().getSimpleName()
          : cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage());
      return fail(step[0].startsWith("reaching")
          ? "cannot reach " + API_HOST + " (" + why + "): no network?"
          : "no usable credentials (" + why + "): run gcloud auth application-default login,"
              + " or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while " + step[0]);
    } finally {
      single.shutdownNow();
    }
  }

  /** The real checks: a TCP connection, and Application Default Credentials refreshed. */
  public static Probe realProbe() {
    return new Probe() {
      @Override
      public void reach(String host, Duration timeout) throws IOException {
        if (System.getenv("https_proxy") != null || System.getenv("HTTPS_PROXY") != null) {
          return; // through a proxy the API host is not dialled directly
        }
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(host, 443), (int) timeout.toMillis());
        }
      }

      @Override
      public void credentials() throws IOException {
        GoogleCredentials.getApplicationDefault().refreshIfExpired();
      }
    };
  }

  private static Optional<String> fail(String line) {
    return Optional.of("DataflowRunner: " + line);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
