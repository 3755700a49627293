package io.rvcbeam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch engine starts from the native library on the class path (the {@code
 * pytorch-native-cpu} jar), in offline mode, without asking for any URL.
 */
class EngineOfflineTest {

  /** Records every URI Java's URL machinery would connect to. */
  private static final class RecordingProxySelector extends ProxySelector {
    final List<URI> requested = new CopyOnWriteArrayList<>();

    @Override
    public List<Proxy> select(URI uri) {
      requested.add(uri);
      throw new IllegalStateException("network access attempted: " + uri);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
      requested.add(uri);
    }
  }

  @Test
  void givenOfflineMode_engineStartsFromTheClasspathWithoutNetwork() throws Exception {
    assertTrue(Boolean.getBoolean("ai.djl.offline"), "surefire must set ai.djl.offline=true");

    URL props = getClass().getClassLoader().getResource("native/lib/pytorch.properties");
    assertNotNull(props, "the pytorch-native-cpu jar is on the class path");
    Properties p = new Properties();
    try (InputStream in = props.openStream()) {
      p.load(in);
    }
    assertTrue(p.getProperty("version").startsWith("2.7.1"), p.toString());
    assertEquals("cpu", p.getProperty("flavor"));

    ProxySelector previous = ProxySelector.getDefault();
    RecordingProxySelector recorder = new RecordingProxySelector();
    ProxySelector.setDefault(recorder);
    try {
      Engine engine = Engine.getEngine("PyTorch");
      assertEquals("2.7.1", engine.getVersion());
      try (NDManager manager = engine.newBaseManager()) {
        NDArray x = manager.create(new float[] {1f, 2f, 3f});
        assertArrayEquals(new float[] {2f, 4f, 6f}, x.mul(2).toFloatArray());
      }
    } finally {
      ProxySelector.setDefault(previous);
    }
    assertEquals(List.of(), recorder.requested, "no URL was requested");
  }
}
