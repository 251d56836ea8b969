package io.visft.core.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import io.visft.api.BackendUnavailableException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The process-wide ONNX Runtime environment (ONNX Runtime allows one per process). */
final class OrtEnv {
  private static final Logger LOG = LoggerFactory.getLogger(OrtEnv.class);

  /**
   * Loading the native library runs static initialisers that need more than the JVM's default 1 MiB
   * thread stack on some machines (a SIGSEGV otherwise), so it happens once on a thread of its own
   * with a large stack.
   */
  private static final long LOADER_STACK_BYTES = 64L << 20;

  private static volatile OrtEnvironment env;

  private OrtEnv() {}

  static OrtEnvironment get() {
    OrtEnvironment e = env;
    if (e == null) {
      synchronized (OrtEnv.class) {
        if (env == null) {
          env = load();
        }
        e = env;
      }
    }
    return e;
  }

  private static OrtEnvironment load() {
    Optional<Path> cuda13Natives = BytedecoOrtNatives.install(OrtEnv.class.getClassLoader());
    AtomicReference<Object> result = new AtomicReference<>();
    Thread loader =
        new Thread(
            null,
            () -> {
              try {
                result.set(
                    OrtEnvironment.getEnvironment(
                        OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "visft"));
              } catch (RuntimeException | LinkageError t) {
                result.set(t);
              }
            },
            "visft-onnxruntime-loader",
            LOADER_STACK_BYTES);
    loader.start();
    try {
      loader.join();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while loading ONNX Runtime", ie);
    }
    Object r = result.get();
    if (r instanceof OrtEnvironment ok) {
      cuda13Natives.ifPresent(
          dir ->
              LOG.info(
                  "ONNX Runtime {} loaded from org.bytedeco:onnxruntime's CUDA 13 build, "
                      + "extracted to {}",
                  ok.getVersion(),
                  dir));
      return ok;
    }
    throw new BackendUnavailableException(
        "ONNX Runtime could not be loaded: "
            + r
            + ". Check that the onnxruntime "
            + "(or onnxruntime_gpu) jar is on the class path and matches this platform (linux-x64, osx, win-x64).",
        (Throwable) r);
  }
}
