package io.rvcbeam.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the FFmpeg natives (bundled by JavaCPP) once per JVM, thread-safely (class initialisation
 * of a holder), and turns FFmpeg error codes into text.
 */
final class Ffmpeg {

  private static final Logger LOG = LoggerFactory.getLogger(Ffmpeg.class);

  /** {@code AVERROR(EAGAIN)} on Linux, which the JavaCPP preset does not expose as a constant. */
  static final int AVERROR_EAGAIN = -11;

  /**
   * System property: {@code true} lets FFmpeg print its own log lines (errors) on stderr. Off by
   * default: every decode or encode error reaches the caller in the exception's message, so the
   * native lines only repeat it, out of order with the program's own output.
   */
  public static final String LOG_PROPERTY = "rvcbeam.ffmpeg.log";

  private Ffmpeg() {}

  /** Makes sure the natives are loaded; cheap after the first call. */
  static void load() {
    if (!Holder.LOADED) {
      throw new IllegalStateException("FFmpeg natives not loaded");
    }
  }

  /** FFmpeg's description of an error code, e.g. "Invalid data found when processing input". */
  static String describe(int code) {
    byte[] buf = new byte[256];
    if (av_strerror(code, buf, buf.length) < 0) {
      return "FFmpeg error " + code;
    }
    int len = 0;
    while (len < buf.length && buf[len] != 0) {
      len++;
    }
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  private static final class Holder {
    static final boolean LOADED = init();

    private static boolean init() {
      long start = System.nanoTime();
      Loader.load(avutil.class);
      Loader.load(avcodec.class);
      Loader.load(avformat.class);
      Loader.load(swresample.class);
      av_log_set_level(Boolean.getBoolean(LOG_PROPERTY) ? AV_LOG_ERROR : AV_LOG_QUIET);
      LOG.debug(
          "FFmpeg {} natives loaded in {} ms",
          avutil.av_version_info().getString(),
          (System.nanoTime() - start) / 1_000_000);
      return true;
    }
  }
}
