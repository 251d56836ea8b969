package io.visft.core.onnx;

import io.visft.api.HostTensor;
import io.visft.core.graph.TensorType;
import java.util.Map;

/**
 * An exported model: the serialized {@code ModelProto} without frozen weight data, plus the weights
 * themselves, which the runtime binds from their buffers (or {@link OnnxFiles} writes as ONNX
 * external data).
 *
 * @param proto the {@code ModelProto} bytes; weight initializers are declared with external data
 * @param inputs graph inputs to feed on every run, in order
 * @param outputs model outputs, in order
 * @param weights frozen weights by initializer name (shared, not copied)
 */
public record OnnxModel(
    byte[] proto,
    Map<String, TensorType> inputs,
    Map<String, TensorType> outputs,
    Map<String, HostTensor> weights) {

  /** Placeholder location of weights that the runtime supplies from memory. */
  public static final String IN_MEMORY_LOCATION = "visft-in-memory-weights";

  public OnnxModel {
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    weights = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(weights));
  }
}
