package io.visft.core.onnx;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Node;
import io.visft.core.graph.Op;
import io.visft.core.graph.Segment;
import io.visft.core.graph.Value;
import io.visft.core.onnx.proto.OnnxProto.AttributeProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;
import io.visft.core.onnx.proto.OnnxProto.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the self-attention of a packed {@code qkv} projection, as {@code EvaBlock} and {@link
 * io.visft.core.nn.MultiHeadAttention#attend} write it, where nothing outside the attention reads
 * its intermediates (inference graphs; a training graph's backward pass reads the softmax), and
 * writes it as ONNX Runtime's {@code com.microsoft:MultiHeadAttention}:
 *
 * <pre>
 * qkv [B·N, 3D] → Reshape [B, N, 3, H, d] → Transpose (2, 0, 3, 1, 4) → Split (axis 0) → Squeeze → q, k, v
 * Softmax(Mul(q, α) · Transpose(k, (0, 1, 3, 2))) · v → Transpose (0, 2, 1, 3) = out [B, N, H, d]
 * </pre>
 *
 * becomes {@code Reshape(qkv, [-1, N, 3D]) → Split (axis 2) → MultiHeadAttention(scale α) → Reshape
 * [0, 0, H, d]}, the last writing {@code out}'s name so that its consumer is untouched.
 *
 * <p>Why: one kernel per block instead of about a dozen; on the CPU, without mask or past state,
 * ONNX Runtime runs it as MLAS's tiled (flash) attention, which never writes the {@code [B, H, N,
 * N]} scores that the op-by-op form writes and reads twice. Measured on ViT-S/16 (batch 8, loaded
 * 2-core machine): attention kernel time 16–38 % lower, the whole forward within a few per cent
 * (benchmarks/README.md). Like {@link ResidualNormFusion} this is for this library's own sessions
 * only; {@link OnnxExporter#exportStandard} keeps standard ops.
 */
final class AttentionFusion {
  static final String OP = "MultiHeadAttention";

  /** One matched attention: its nodes, the packed input, and the values the fused form needs. */
  private record Match(
      List<Node> nodes, Node last, Value qkv, long tokens, long heads, long headDim, float scale) {}

  private final Map<Node, Match> byLast = new LinkedHashMap<>();
  private final Set<Node> removed = new HashSet<>();

  private AttentionFusion(Graph graph, List<Node> nodes, Set<Value> outputs) {
    Set<Node> recomputed = new HashSet<>();
    for (Segment s : graph.segments()) {
      recomputed.addAll(graph.nodes().subList(s.firstNode(), s.endNode()));
    }
    Map<Value, List<Node>> consumers = new LinkedHashMap<>();
    for (Node n : nodes) {
      for (Value v : n.inputs()) {
        if (v != null) {
          consumers.computeIfAbsent(v, x -> new ArrayList<>()).add(n);
        }
      }
    }
    for (Node n : nodes) {
      if (n.op() == Op.SOFTMAX && !recomputed.contains(n)) {
        match(n, consumers, outputs)
            .ifPresent(
                m -> {
                  byLast.put(m.last(), m);
                  removed.addAll(m.nodes());
                });
      }
    }
  }

  /**
   * Plans the fusion over {@code nodes} of {@code graph} (in execution order); {@code outputs} are
   * the model's output values. Attention inside a span that the backward pass recomputes ({@link
   * Segment}) stays unfused, so that the recomputed activations are bit for bit those of the
   * forward pass.
   */
  static AttentionFusion plan(Graph graph, List<Node> nodes, Set<Value> outputs) {
    return new AttentionFusion(graph, nodes, outputs);
  }

  /** True for a node that the fused form replaces. */
  boolean isFused(Node n) {
    return removed.contains(n);
  }

  /**
   * The nodes that replace the attention ending at {@code n}, to be written where {@code n} was
   * ({@code qkv} is computed by then), or an empty list; their constants go into {@code constants}.
   */
  List<NodeProto> fusedNodesFor(Node n, Map<String, TensorProto> constants) {
    Match m = byLast.get(n);
    if (m == null) {
      return List.of();
    }
    String p = n.name() + "/AttentionFusion/";
    long width = m.heads() * m.headDim();
    constants.put(
        p + "packed_shape",
        OnnxExporter.embeddedTensor(
            p + "packed_shape", HostTensor.ofLongs(new long[] {-1, m.tokens(), 3 * width}, 3)));
    constants.put(
        p + "split",
        OnnxExporter.embeddedTensor(
            p + "split", HostTensor.ofLongs(new long[] {width, width, width}, 3)));
    constants.put(
        p + "heads_shape",
        OnnxExporter.embeddedTensor(
            p + "heads_shape", HostTensor.ofLongs(new long[] {0, 0, m.heads(), m.headDim()}, 4)));
    return List.of(
        NodeProto.newBuilder()
            .setName(p + "Reshape")
            .setOpType("Reshape")
            .addInput(m.qkv().name())
            .addInput(p + "packed_shape")
            .addOutput(p + "packed")
            .build(),
        NodeProto.newBuilder()
            .setName(p + "Split")
            .setOpType("Split")
            .addInput(p + "packed")
            .addInput(p + "split")
            .addOutput(p + "q")
            .addOutput(p + "k")
            .addOutput(p + "v")
            .addAttribute(intAttribute("axis", 2))
            .build(),
        NodeProto.newBuilder()
            .setName(p + OP)
            .setOpType(OP)
            .setDomain(Op.MICROSOFT)
            .addInput(p + "q")
            .addInput(p + "k")
            .addInput(p + "v")
            .addOutput(p + "out")
            .addAttribute(intAttribute("num_heads", m.heads()))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("scale")
                    .setType(AttributeProto.AttributeType.FLOAT)
                    .setF(m.scale()))
            .build(),
        NodeProto.newBuilder()
            .setName(p + "ReshapeHeads")
            .setOpType("Reshape")
            .addInput(p + "out")
            .addInput(p + "heads_shape")
            .addOutput(n.output(0).name())
            .build());
  }

  private static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static Optional<Match> match(
      Node softmax, Map<Value, List<Node>> consumers, Set<Value> outputs) {
    List<Node> chain = new ArrayList<>();
    Value scores = softmax.input(0);
    long axis = softmax.attributes().getInt("axis");
    if (scores.rank() != 4 || scores.dtype() != DType.F32 || (axis != -1 && axis != 3)) {
      return Optional.empty();
    }
    Node pv = soleConsumer(softmax.output(0), consumers, outputs, Op.MATMUL, 0);
    Node outT = pv == null ? null : soleConsumer(pv.output(0), consumers, outputs, Op.TRANSPOSE, 0);
    Node qk = producer(scores, consumers, outputs, Op.MATMUL);
    if (outT == null
        || qk == null
        || !Arrays.equals(outT.attributes().getInts("perm"), new long[] {0, 2, 1, 3})) {
      return Optional.empty();
    }
    Node scaled = producer(qk.input(0), consumers, outputs, Op.MUL);
    Node keyT = producer(qk.input(1), consumers, outputs, Op.TRANSPOSE);
    if (scaled == null
        || keyT == null
        || !Arrays.equals(keyT.attributes().getInts("perm"), new long[] {0, 1, 3, 2})) {
      return Optional.empty();
    }
    Value alpha = scaled.input(1);
    if (alpha.kind() != Value.Kind.CONSTANT
        || alpha.type().numel() != 1
        || alpha.dtype() != DType.F32) {
      return Optional.empty();
    }
    Value[] qkv = {scaled.input(0), keyT.input(0), pv.input(1)};
    Node split = null;
    for (int i = 0; i < 3; i++) {
      Node squeeze = producer(qkv[i], consumers, outputs, Op.SQUEEZE);
      Node s = squeeze == null ? null : squeeze.input(0).producer().orElse(null);
      if (s == null
          || s.op() != Op.SPLIT
          || s.output(i) != squeeze.input(0)
          || (split != null && s != split)
          || !only(squeeze.input(0), squeeze, consumers, outputs)) {
        return Optional.empty();
      }
      split = s;
      chain.add(squeeze);
    }
    Node headsT = producer(split.input(0), consumers, outputs, Op.TRANSPOSE);
    Node packed = headsT == null ? null : producer(headsT.input(0), consumers, outputs, Op.RESHAPE);
    if (packed == null
        || split.attributes().getInt("axis") != 0
        || split.outputs().size() != 3
        || !Arrays.equals(headsT.attributes().getInts("perm"), new long[] {2, 0, 3, 1, 4})) {
      return Optional.empty();
    }
    long[] s5 = packed.output(0).shape();
    Value source = packed.input(0);
    if (s5.length != 5 || s5[2] != 3 || source.rank() != 2 || source.dim(1) != 3 * s5[3] * s5[4]) {
      return Optional.empty();
    }
    chain.addAll(List.of(packed, headsT, split, scaled, keyT, qk, softmax, pv, outT));
    return Optional.of(
        new Match(
            chain,
            outT,
            source,
            s5[1],
            s5[3],
            s5[4],
            alpha.data().orElseThrow().toFloatArray()[0]));
  }

  /** The producer of {@code v} when it has the given op and {@code v} has no other reader. */
  private static Node producer(
      Value v, Map<Value, List<Node>> consumers, Set<Value> outputs, Op op) {
    Node p = v.producer().orElse(null);
    List<Node> readers = consumers.getOrDefault(v, List.of());
    return p != null && p.op() == op && readers.size() == 1 && !outputs.contains(v) ? p : null;
  }

  /**
   * The only reader of {@code v} when it has the given op and reads {@code v} as input {@code
   * slot}.
   */
  private static Node soleConsumer(
      Value v, Map<Value, List<Node>> consumers, Set<Value> outputs, Op op, int slot) {
    List<Node> readers = consumers.getOrDefault(v, List.of());
    if (readers.size() != 1 || outputs.contains(v)) {
      return null;
    }
    Node r = readers.get(0);
    return r.op() == op && r.input(slot) == v ? r : null;
  }

  private static boolean only(
      Value v, Node reader, Map<Value, List<Node>> consumers, Set<Value> outputs) {
    List<Node> readers = consumers.getOrDefault(v, List.of());
    return readers.size() == 1 && readers.get(0) == reader && !outputs.contains(v);
  }
}
