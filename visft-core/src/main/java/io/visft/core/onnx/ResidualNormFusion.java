package io.visft.core.onnx;

import io.visft.api.DType;
import io.visft.core.graph.Node;
import io.visft.core.graph.Op;
import io.visft.core.graph.Value;
import io.visft.core.onnx.proto.OnnxProto.AttributeProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds each residual sum that feeds a LayerNormalization, {@code LayerNormalization(Add(a, b))}
 * over the last axis of a {@code [B, N, D]} float tensor, and writes the pair as one ONNX Runtime
 * {@code com.microsoft:SkipLayerNormalization}, which adds and normalises in one pass and also
 * returns the sum under the Add's value name, so every other consumer of the sum (the next
 * residual, the backward pass) is untouched.
 *
 * <p>Why: ONNX Runtime 1.29's CPU LayerNormalization kernel took 1.9 ms on {@code [8, 196, 384]}
 * where SkipLayerNormalization took 0.44 ms including the add (2-core AMD EPYC). A pre-norm ViT has
 * one such pair per LayerNormalization but the first. The fused op is ONNX Runtime's own, so it is
 * only written into models this library runs itself; files meant for other runtimes use standard
 * ops (see {@link OnnxExporter#exportStandard}).
 *
 * <p>The Add's inputs must both have the sum's shape (SkipLayerNormalization broadcasts only some
 * shapes) and both be computed from the model's inputs (so that a batch-1 graph fuses the same Adds
 * as any other batch size), the scale and bias must be graph inputs, weights or constants (the
 * fused node is written where the Add was), and the LayerNormalization's mean and inverse-deviation
 * outputs must be unused (the CPU kernel does not produce them; this library's gradient rule
 * recomputes them).
 */
final class ResidualNormFusion {
  static final String OP = "SkipLayerNormalization";

  private final Map<Node, Node> normOfAdd = new LinkedHashMap<>();

  private ResidualNormFusion(List<Node> nodes, Set<Value> used) {
    Set<Value> fromInputs = new LinkedHashSet<>();
    for (Node n : nodes) {
      n.inputs().stream()
          .filter(v -> v != null && v.kind() == Value.Kind.INPUT)
          .forEach(fromInputs::add);
      if (n.inputs().stream().anyMatch(fromInputs::contains)) {
        fromInputs.addAll(n.outputs());
      }
    }
    for (Node n : nodes) {
      if (n.op() == Op.LAYER_NORMALIZATION
          && fusable(n, used, fromInputs)
          && !normOfAdd.containsKey(n.input(0).producer().orElseThrow())) {
        normOfAdd.put(n.input(0).producer().orElseThrow(), n);
      }
    }
  }

  /**
   * Plans the fusion over {@code nodes}; {@code used} holds every value a node or model output
   * reads.
   */
  static ResidualNormFusion plan(List<Node> nodes, Set<Value> used) {
    return new ResidualNormFusion(nodes, used);
  }

  /** No pair was found. */
  boolean isEmpty() {
    return normOfAdd.isEmpty();
  }

  /** True for a LayerNormalization written together with its Add. */
  boolean isFusedNorm(Node n) {
    return n.op() == Op.LAYER_NORMALIZATION
        && normOfAdd.get(n.input(0).producer().orElse(null)) == n;
  }

  /** The fused node that replaces {@code add}, or {@code null} when {@code add} is not fused. */
  NodeProto fusedNodeFor(Node add) {
    Node norm = normOfAdd.get(add);
    if (norm == null) {
      return null;
    }
    NodeProto.Builder b =
        NodeProto.newBuilder()
            .setName(norm.name() + "/SkipLayerNormFusion")
            .setOpType(OP)
            .setDomain(Op.MICROSOFT)
            .addInput(add.input(0).name())
            .addInput(add.input(1).name())
            .addInput(norm.input(1).name());
    if (norm.inputs().size() > 2 && norm.input(2) != null) {
      b.addInput(norm.input(2).name());
    }
    b.addOutput(norm.output(0).name()).addOutput("").addOutput("").addOutput(add.output(0).name());
    b.addAttribute(
        AttributeProto.newBuilder()
            .setName("epsilon")
            .setType(AttributeProto.AttributeType.FLOAT)
            .setF(norm.attributes().getFloat("epsilon")));
    return b.build();
  }

  private static boolean fusable(Node norm, Set<Value> used, Set<Value> fromInputs) {
    Value x = norm.input(0);
    Node add = x.producer().orElse(null);
    if (add == null || add.op() != Op.ADD || x.dtype() != DType.F32 || x.rank() != 3) {
      return false;
    }
    long axis = norm.attributes().getInt("axis");
    if (axis != -1 && axis != 2) {
      return false;
    }
    long width = x.dim(2);
    for (int i = 1; i < norm.inputs().size(); i++) {
      Value p = norm.input(i);
      // The fused node takes the Add's place, so scale and bias must exist before any node runs.
      if (p != null
          && (p.rank() != 1
              || p.dim(0) != width
              || p.dtype() != DType.F32
              || p.kind() == Value.Kind.NODE)) {
        return false;
      }
    }
    for (int i = 1; i < norm.outputs().size(); i++) {
      if (used.contains(norm.output(i))) {
        return false;
      }
    }
    // Both summands computed from the model's inputs: a summand made from weights alone (a position
    // embedding) has the sum's shape at batch 1 only, and a symbolic-batch export must fuse the
    // same Adds at every batch size.
    return Arrays.equals(add.input(0).shape(), x.shape())
        && Arrays.equals(add.input(1).shape(), x.shape())
        && fromInputs.contains(add.input(0))
        && fromInputs.contains(add.input(1));
  }
}
