package io.visft.core.onnx;

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
  STANDARD("standard"),
  ONNX_RUNTIME("onnxruntime");

  private final String configName;

  ExportOps(String configName) {
    this.configName = configName;
  }

  /** The name written into model metadata and accepted by {@link #parse}. */
  public String configName() {
    return configName;
  }

  /**
   * @param field names the setting in the error message
   * @throws io.visft.api.ConfigException for another value, listing the accepted ones
   */
  public static ExportOps parse(String value, String field) {
    for (ExportOps o : values()) {
      if (o.configName.equals(value)) {
        return o;
      }
    }
    throw new io.visft.api.ConfigException(
        field + " = '" + value + "' is not an op set; use standard or onnxruntime");
  }
}
