package io.visft.core.runtime;

import io.visft.api.BackendUnavailableException;

/**
 * Checks that ONNX Runtime's Java API is on the class path, without touching any of its classes.
 *
 * <p>The check cannot wait for the first session: the JVM verifies {@link GraphSession} and {@link
 * OnnxFileSession} before their factories run, and without ONNX Runtime that verification throws
 * {@code NoClassDefFoundError: ai/onnxruntime/OrtException} in the caller's frame, out of reach of
 * any handler in this package. {@link RuntimeOptions}, which every session needs, runs this check
 * when it is created instead.
 */
final class OrtClassPath {
  /** The class whose presence means an ONNX Runtime artifact is on the class path. */
  static final String PROBE_CLASS = "ai.onnxruntime.OrtEnvironment";

  /** What a user adds to get ONNX Runtime: one of the two flavour artifacts, by coordinates. */
  static final String REMEDY =
      "add one ONNX Runtime flavour beside the ViSFT modules, with the same version and "
          + "<type>pom</type>: io.visft:visft-runtime-cpu (CPU only; com.microsoft.onnxruntime:onnxruntime) or "
          + "io.visft:visft-runtime-gpu (CPU and CUDA; com.microsoft.onnxruntime:onnxruntime_gpu and JavaCPP's CUDA "
          + "natives)";

  private OrtClassPath() {}

  /**
   * Returns normally if {@code loader} sees ONNX Runtime's Java API.
   *
   * @throws BackendUnavailableException naming the two flavour artifacts otherwise
   */
  static void require(ClassLoader loader) {
    try {
      Class.forName(PROBE_CLASS, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new BackendUnavailableException(
          "ONNX Runtime is not on the class path (" + PROBE_CLASS + " not found); " + REMEDY, e);
    }
  }
}
