package io.visft.core.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/** The process-wide ONNX Runtime environment (ONNX Runtime allows one per process). */
final class OrtEnv {
  private OrtEnv() {}

  static OrtEnvironment get() {
    return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "visft");
  }
}
