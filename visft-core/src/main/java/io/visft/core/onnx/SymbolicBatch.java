package io.visft.core.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.visft.api.ShapeException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.onnx.proto.OnnxProto.GraphProto;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.visft.core.onnx.proto.OnnxProto.ValueInfoProto;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Exports a model whose batch size is chosen at run time: axis 0 of every input and output is the
 * symbolic dimension {@value #DIM_PARAM}. The graph IR has static shapes, so the graph is built at
 * batch 1 and at batch 2, and the two models must be the same apart from that axis (a Reshape
 * infers the batch axis with -1 instead of naming it); otherwise the export fails naming the first
 * node that differs, rather than writing a model that only runs at one batch size.
 */
public final class SymbolicBatch {
  /** The name of the symbolic batch dimension in the written model. */
  public static final String DIM_PARAM = "batch";

  /**
   * A graph built for one batch size and the outputs to export from it.
   *
   * @param graph the graph, its inputs {@code [batch, ...]}
   * @param outputs model output names mapped to graph values, each {@code [batch, ...]}
   */
  public record Built(Graph graph, Map<String, Value> outputs) {}

  private SymbolicBatch() {}

  /**
   * Like {@link OnnxExporter#export(Graph, Map, Map, ExportOps)}, with a symbolic batch axis. The
   * returned model's {@link OnnxModel#inputs()} and {@link OnnxModel#outputs()} give the shapes at
   * batch 1.
   *
   * @param build builds the graph for a batch size
   * @throws ShapeException when an input or output has no batch axis, or the graph depends on the
   *     batch size
   */
  public static OnnxModel export(
      LongFunction<Built> build, Map<String, String> metadata, ExportOps ops) {
    OnnxModel one = export(build.apply(1), metadata, ops);
    ModelProto atOne = symbolic(one, 1);
    ModelProto atTwo = symbolic(export(build.apply(2), metadata, ops), 2);
    if (!atOne.equals(atTwo)) {
      throw new ShapeException(
          "the graph depends on the batch size, so its batch axis cannot be left open: "
              + firstDifference(atOne.getGraph(), atTwo.getGraph())
              + "; build reshapes with -1 (or 0) for the batch axis instead of its size");
    }
    return new OnnxModel(atOne.toByteArray(), one.inputs(), one.outputs(), one.weights());
  }

  private static OnnxModel export(Built built, Map<String, String> metadata, ExportOps ops) {
    return OnnxExporter.export(built.graph(), built.outputs(), metadata, ops);
  }

  /**
   * The model's proto with axis 0 of its inputs and outputs, which must be {@code batch}, made
   * symbolic.
   */
  private static ModelProto symbolic(OnnxModel model, long batch) {
    ModelProto.Builder m;
    try {
      m = ModelProto.parseFrom(model.proto()).toBuilder();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the exporter wrote a model proto that does not parse", e);
    }
    GraphProto.Builder g = m.getGraphBuilder();
    for (ValueInfoProto.Builder v : g.getInputBuilderList()) {
      makeSymbolic(v, batch, "input");
    }
    for (ValueInfoProto.Builder v : g.getOutputBuilderList()) {
      makeSymbolic(v, batch, "output");
    }
    return m.build();
  }

  private static void makeSymbolic(ValueInfoProto.Builder v, long batch, String role) {
    TensorShapeProto.Builder shape = v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
    if (shape.getDimCount() == 0 || shape.getDim(0).getDimValue() != batch) {
      throw new ShapeException(
          role
              + " '"
              + v.getName()
              + "' has no batch axis: built at batch "
              + batch
              + ", its shape is "
              + shape.getDimList().stream().map(TensorShapeProto.Dimension::getDimValue).toList());
    }
    shape.setDim(0, TensorShapeProto.Dimension.newBuilder().setDimParam(DIM_PARAM));
  }

  private static String firstDifference(GraphProto a, GraphProto b) {
    for (int i = 0; i < Math.min(a.getNodeCount(), b.getNodeCount()); i++) {
      if (!a.getNode(i).equals(b.getNode(i))) {
        return "node '" + a.getNode(i).getName() + "' (" + a.getNode(i).getOpType() + ") differs";
      }
    }
    for (int i = 0; i < Math.min(a.getInitializerCount(), b.getInitializerCount()); i++) {
      if (!a.getInitializer(i).equals(b.getInitializer(i))) {
        String name = a.getInitializer(i).getName();
        return "constant '"
            + name
            + "' differs"
            + a.getNodeList().stream()
                .filter(n -> n.getInputList().contains(name))
                .findFirst()
                .map(n -> " (an input of node '" + n.getName() + "', " + n.getOpType() + ")")
                .orElse("");
      }
    }
    return "the node or constant counts differ ("
        + a.getNodeCount()
        + " and "
        + b.getNodeCount()
        + " nodes)";
  }
}
