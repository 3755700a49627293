package io.rvcbeam;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The reference implementation's golden files, copied into test resources under {@code golden/}
 * with the layout of their README.
 */
public final class Golden {

  private Golden() {}

  /** @param relative e.g. {@code "models/tiny_v2_40k_f0.pth"} or {@code "stages/rmvpe_f0.npy"} */
  public static Path path(String relative) {
    URL url = Golden.class.getClassLoader().getResource("golden/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("no golden test resource " + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
