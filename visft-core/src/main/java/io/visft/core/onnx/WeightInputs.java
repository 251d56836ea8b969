package io.visft.core.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.visft.api.ViSFTException;
import io.visft.core.graph.TensorType;
import io.visft.core.onnx.proto.OnnxProto.GraphProto;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.TensorProto;
import java.util.Map;

/**
 * Turns frozen-weight initializers of an exported model into graph inputs, for a runtime that feeds
 * the held weights on every run instead of handing them over once. ONNX Runtime copies in-memory
 * initializers into its own memory when a session is created (measured: the session's resident
 * memory grows by the weights' size); a fed input is used in place, so a 16-bit weight mapped from
 * its checkpoint stays the one copy. Fed weights are not constants to ONNX Runtime, so no
 * optimisation widens them ahead of time either.
 */
public final class WeightInputs {
  private WeightInputs() {}

  /**
   * The model {@code proto} with the initializers named in {@code weights} declared as graph inputs
   * of the given types instead.
   *
   * @throws ViSFTException when {@code proto} cannot be parsed or lacks one of the initializers
   */
  public static byte[] asGraphInputs(byte[] proto, Map<String, TensorType> weights) {
    ModelProto.Builder model;
    try {
      model = ModelProto.parseFrom(proto).toBuilder();
    } catch (InvalidProtocolBufferException e) {
      throw new ViSFTException("the exported model could not be parsed back: " + e.getMessage(), e);
    }
    GraphProto.Builder graph = model.getGraphBuilder();
    java.util.List<TensorProto> kept = new java.util.ArrayList<>();
    int moved = 0;
    for (TensorProto t : graph.getInitializerList()) {
      TensorType type = weights.get(t.getName());
      if (type == null) {
        kept.add(t);
      } else {
        graph.addInput(OnnxExporter.valueInfo(t.getName(), type));
        moved++;
      }
    }
    if (moved != weights.size()) {
      throw new ViSFTException(
          "the model declares "
              + moved
              + " of the "
              + weights.size()
              + " weights to feed as inputs; every fed weight must be an initializer of the exported model");
    }
    graph.clearInitializer().addAllInitializer(kept);
    return model.build().toByteArray();
  }
}
