package io.visft.core.onnx;

import io.visft.api.ConfigNames;
import java.util.Locale;

/**
 * Which operators a saved model may use.
 *
 * <ul>
 *   <li>{@link #STANDARD}: standard ONNX ops only (opset {@value io.visft.core.graph.Op#OPSET}),
 *       for any runtime or tool; ONNX Runtime re-fuses some of them when it loads the file.
 *   <li>{@link #ONNX_RUNTIME}: also ONNX Runtime's {@code com.microsoft} kernels, as this library's
 *       own sessions run them: residual LayerNorm as {@code SkipLayerNormalization}, self-attention
 *       as {@code MultiHeadAttention}, {@code Gelu}, int8 products as {@code
 *       DynamicQuantizeMatMul}. Faster in ONNX Runtime (which does not find the first two fusions
 *       in a standard file with a symbolic batch), but only ONNX Runtime runs the file.
 * </ul>
 */
public enum ExportOps {
  STANDARD,
  ONNX_RUNTIME;

  /** The name written into model metadata and accepted by {@link #parse}: {@code onnx_runtime}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * From its config name, {@code standard} or {@code onnx_runtime} (case-insensitive).
   *
   * @param field names the setting in the error message
   * @throws io.visft.api.ConfigException for another value, listing the accepted ones
   */
  public static ExportOps parse(String value, String field) {
    return ConfigNames.parse(
        ExportOps.class,
        value,
        field,
        "is not one of standard, onnx_runtime; use standard (any runtime, the default) or"
            + " onnx_runtime (ONNX Runtime's fused kernels)");
  }
}
