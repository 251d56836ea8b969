package io.visft.core.onnx;

import com.google.protobuf.ByteString;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.AttrSpec;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Node;
import io.visft.core.graph.Op;
import io.visft.core.graph.ReduceAxes;
import io.visft.core.graph.TensorType;
import io.visft.core.graph.Value;
import io.visft.core.onnx.proto.OnnxProto.AttributeProto;
import io.visft.core.onnx.proto.OnnxProto.GraphProto;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;
import io.visft.core.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.visft.core.onnx.proto.OnnxProto.StringStringEntryProto;
import io.visft.core.onnx.proto.OnnxProto.TensorProto;
import io.visft.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.visft.core.onnx.proto.OnnxProto.TypeProto;
import io.visft.core.onnx.proto.OnnxProto.ValueInfoProto;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a {@link Graph} as an ONNX {@code ModelProto}, keeping only the nodes the requested
 * outputs need. Frozen weights are declared as external-data initializers and never serialized;
 * constants are embedded. Provenance goes into {@code metadata_props}.
 *
 * <p>{@link #export} is for this library's own ONNX Runtime sessions and writes ONNX Runtime's own
 * {@code com.microsoft} kernels where they are faster (the table's {@code Gelu}, and residual
 * LayerNorms fused by {@link ResidualNormFusion}, self-attention by {@link AttentionFusion});
 * {@link #exportStandard} writes standard ONNX ops only ({@link StandardOps}), for files other
 * runtimes and tools read.
 */
public final class OnnxExporter {
  /** ONNX IR version written (IR 8 carries opset 17). */
  public static final long IR_VERSION = 8;

  private OnnxExporter() {}

  /**
   * @param outputs model output names mapped to graph values
   * @param metadata provenance written into {@code metadata_props}, keys in sorted order
   */
  public static OnnxModel export(
      Graph graph, Map<String, Value> outputs, Map<String, String> metadata) {
    return export(graph, outputs, metadata, ExportOps.ONNX_RUNTIME);
  }

  /**
   * Like {@link #export} but with standard ONNX ops only (opset {@value Op#OPSET}), for models
   * saved for other runtimes and tools.
   */
  public static OnnxModel exportStandard(
      Graph graph, Map<String, Value> outputs, Map<String, String> metadata) {
    return export(graph, outputs, metadata, ExportOps.STANDARD);
  }

  /** {@link #export(Graph, Map, Map)} or {@link #exportStandard}, as {@code ops} says. */
  public static OnnxModel export(
      Graph graph, Map<String, Value> outputs, Map<String, String> metadata, ExportOps ops) {
    boolean onnxRuntimeOps = ops == ExportOps.ONNX_RUNTIME;
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("export needs at least one output");
    }
    List<Node> nodes = readsFirst(graph.nodesNeededFor(List.copyOf(outputs.values())));
    Set<Value> used = new LinkedHashSet<>();
    for (Node n : nodes) {
      n.inputs().stream().filter(java.util.Objects::nonNull).forEach(used::add);
    }
    used.addAll(outputs.values());

    GraphProto.Builder gp = GraphProto.newBuilder().setName("visft");
    Map<String, TensorType> inputs = new LinkedHashMap<>();
    Map<String, HostTensor> weights = new LinkedHashMap<>();
    for (Value v : graph.values()) {
      if (!used.contains(v)) {
        continue;
      }
      switch (v.kind()) {
        case INPUT -> {
          gp.addInput(valueInfo(v.name(), v.type()));
          inputs.put(v.name(), v.type());
        }
        case WEIGHT -> {
          HostTensor data =
              v.data()
                  .orElseThrow(
                      () ->
                          new ShapeException(
                              "weight '"
                                  + v.name()
                                  + "' has no data bound; pass it to Graph.weight(name, tensor)"));
          gp.addInitializer(externalTensor(v.name(), v.type(), OnnxModel.IN_MEMORY_LOCATION, 0, 0));
          weights.put(v.name(), data);
        }
        case CONSTANT -> gp.addInitializer(embeddedTensor(v.name(), v.data().orElseThrow()));
        case NODE -> {}
      }
    }
    ResidualNormFusion fusion = ResidualNormFusion.plan(onnxRuntimeOps ? nodes : List.of(), used);
    AttentionFusion attention =
        AttentionFusion.plan(
            graph, onnxRuntimeOps ? nodes : List.of(), new LinkedHashSet<>(outputs.values()));
    Set<String> domains = new java.util.TreeSet<>();
    for (Node n : nodes) {
      NodeProto fused = fusion.fusedNodeFor(n);
      if (attention.isFused(n)) {
        Map<String, TensorProto> constants = new LinkedHashMap<>();
        for (NodeProto f : attention.fusedNodesFor(n, constants)) {
          gp.addNode(f);
          domains.add(f.getDomain());
        }
        constants.values().forEach(gp::addInitializer);
      } else if (fused != null) {
        gp.addNode(fused);
        domains.add(fused.getDomain());
      } else if (!onnxRuntimeOps && StandardOps.needsRewrite(n)) {
        StandardOps.write(n, gp);
      } else if (!fusion.isFusedNorm(n)) {
        gp.addNode(node(n));
        domains.add(n.op().domain());
      }
    }
    Map<String, TensorType> outTypes = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    graph.values().forEach(v -> taken.add(v.name()));
    for (Map.Entry<String, Value> e : outputs.entrySet()) {
      String name = e.getKey();
      Value v = e.getValue();
      if (!name.equals(v.name())) {
        if (taken.contains(name)) {
          throw new IllegalArgumentException(
              "output name '" + name + "' is already the name of another graph value");
        }
        gp.addNode(
            NodeProto.newBuilder()
                .setOpType("Identity")
                .setName("output/" + name)
                .addInput(v.name())
                .addOutput(name));
      }
      gp.addOutput(valueInfo(name, v.type()));
      outTypes.put(name, v.type());
    }
    ModelProto.Builder mp =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName("visft-java")
            .setProducerVersion(
                OnnxExporter.class.getPackage().getImplementationVersion() == null
                    ? "dev"
                    : OnnxExporter.class.getPackage().getImplementationVersion())
            .setGraph(gp)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(Op.OPSET));
    if (domains.contains(Op.MICROSOFT)) {
      mp.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(Op.MICROSOFT).setVersion(1));
    }
    new TreeMap<>(metadata)
        .forEach(
            (k, val) ->
                mp.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(val)));
    return new OnnxModel(mp.build().toByteArray(), inputs, outTypes, weights);
  }

  /**
   * {@code nodes} with frozen-weight reads ({@link FrozenWeights#isReadNode}) moved to the front,
   * each group in its own order. ONNX Runtime orders execution by a depth-first walk from the
   * outputs that visits a node's later-created inputs first; a read placed first is therefore run
   * just before its consumer instead of at the start of the run, and its widened copy lives for one
   * op, not for the whole run.
   */
  private static List<Node> readsFirst(List<Node> nodes) {
    List<Node> ordered =
        new java.util.ArrayList<>(nodes.stream().filter(FrozenWeights::isReadNode).toList());
    nodes.stream().filter(n -> !FrozenWeights.isReadNode(n)).forEach(ordered::add);
    return ordered;
  }

  private static NodeProto node(Node n) {
    NodeProto.Builder b =
        NodeProto.newBuilder()
            .setName(n.name())
            .setOpType(n.op().onnxName())
            .setDomain(n.op().domain());
    for (Value v : n.inputs()) {
      b.addInput(v == null ? "" : v.name());
    }
    for (Value v : n.outputs()) {
      b.addOutput(v.name());
    }
    Map<String, AttrSpec> specs = new LinkedHashMap<>();
    n.op().attributes().forEach(s -> specs.put(s.name(), s));
    Map<String, Object> values = new LinkedHashMap<>(n.attributes().asMap());
    if (ReduceAxes.takesAxesAttribute(n.op())) {
      // Explicit axes: ONNX Runtime's transpose optimizer reads an empty axes attribute as "none".
      values.put("axes", ReduceAxes.of(n));
    }
    values.forEach((name, value) -> b.addAttribute(attribute(name, specs.get(name).kind(), value)));
    return b.build();
  }

  private static AttributeProto attribute(String name, AttrSpec.Kind kind, Object value) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    switch (kind) {
      case INT -> a.setType(AttributeProto.AttributeType.INT).setI((Long) value);
      case FLOAT -> a.setType(AttributeProto.AttributeType.FLOAT).setF((Float) value);
      case STRING ->
          a.setType(AttributeProto.AttributeType.STRING)
              .setS(ByteString.copyFromUtf8((String) value));
      case INTS -> {
        a.setType(AttributeProto.AttributeType.INTS);
        for (long l : (long[]) value) {
          a.addInts(l);
        }
      }
      case FLOATS -> {
        a.setType(AttributeProto.AttributeType.FLOATS);
        for (float f : (float[]) value) {
          a.addFloats(f);
        }
      }
    }
    return a.build();
  }

  static ValueInfoProto valueInfo(String name, TensorType type) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : type.shape()) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(type.dtype().onnxCode())
                        .setShape(shape)))
        .build();
  }

  static TensorProto externalTensor(
      String name, TensorType type, String location, long offset, long length) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(type.dtype().onnxCode())
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(entry("location", location))
            .addExternalData(entry("offset", Long.toString(offset)))
            .addExternalData(entry("length", Long.toString(length)));
    for (long d : type.shape()) {
      t.addDims(d);
    }
    return t.build();
  }

  private static StringStringEntryProto entry(String k, String v) {
    return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
  }

  static TensorProto embeddedTensor(String name, HostTensor data) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(data.dtype().onnxCode())
            .setRawData(ByteString.copyFrom(data.data().duplicate()));
    for (long d : data.shape()) {
      t.addDims(d);
    }
    return t.build();
  }
}
