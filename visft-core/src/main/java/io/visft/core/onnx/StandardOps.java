package io.visft.core.onnx;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.Node;
import io.visft.core.graph.Op;
import io.visft.core.onnx.proto.OnnxProto.AttributeProto;
import io.visft.core.onnx.proto.OnnxProto.GraphProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;

/**
 * Writes the table's ONNX Runtime ops ({@link Op#MICROSOFT} domain) as standard ONNX ops, for files
 * that other runtimes and tools read ({@link OnnxExporter#exportStandard}).
 */
final class StandardOps {
  private StandardOps() {}

  /** True when {@code n} has no standard ONNX op of its own. */
  static boolean needsRewrite(Node n) {
    return !n.op().domain().isEmpty();
  }

  /**
   * Adds to {@code gp} standard nodes, and their constants, that compute {@code n}'s outputs under
   * the same names.
   */
  static void write(Node n, GraphProto.Builder gp) {
    switch (n.op()) {
      case GELU -> gelu(n, gp);
      case DYNAMIC_QUANTIZE_MAT_MUL -> dynamicQuantizeMatMul(n, gp);
      default -> throw new IllegalStateException("no standard ONNX form is known for " + n);
    }
  }

  /**
   * {@code Mul(Cast(MatMulInteger(DynamicQuantizeLinear(A), B)), a_scale · b_scale)}, then {@code
   * Add} of the bias if there is one: the standard ops of ONNX Runtime's own dynamic quantization,
   * which its CPU provider fuses back into one integer kernel; other runtimes run them as written.
   */
  private static void dynamicQuantizeMatMul(Node n, GraphProto.Builder gp) {
    String out = n.output(0).name();
    String aq = out + "/a_quantized";
    String aScale = out + "/a_scale";
    String aZero = out + "/a_zero_point";
    gp.addNode(
        NodeProto.newBuilder()
            .setName(n.name() + "/DynamicQuantizeLinear")
            .setOpType("DynamicQuantizeLinear")
            .addInput(n.input(0).name())
            .addOutput(aq)
            .addOutput(aScale)
            .addOutput(aZero)
            .build());
    gp.addNode(node(n, "MatMulInteger", out + "/int32", aq, n.input(1).name(), aZero));
    gp.addNode(
        node(n, "Cast", out + "/float", out + "/int32").toBuilder()
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("to")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(DType.F32.onnxCode()))
            .build());
    gp.addNode(node(n, "Mul", out + "/scale", aScale, n.input(2).name()));
    boolean biased = n.inputs().size() > 4;
    String product = biased ? out + "/unbiased" : out;
    gp.addNode(node(n, "Mul", product, out + "/float", out + "/scale"));
    if (biased) {
      gp.addNode(node(n, "Add", out, product, n.input(4).name()));
    }
  }

  /**
   * {@code Mul(Mul(x, 0.5), Add(Erf(Div(x, √2)), 1))}: the pattern ONNX Runtime fuses back into its
   * Gelu kernel.
   */
  private static void gelu(Node n, GraphProto.Builder gp) {
    String x = n.input(0).name();
    if (n.input(0).dtype() != DType.F32) {
      throw new ShapeException(
          n + ": a standard-ops export writes GELU for F32 inputs only, got " + n.input(0).dtype());
    }
    String out = n.output(0).name();
    String sqrt2 = constant(gp, out + "/sqrt2", Math.sqrt(2));
    String one = constant(gp, out + "/one", 1);
    String half = constant(gp, out + "/half", 0.5);
    gp.addNode(node(n, "Div", out + "/scaled", x, sqrt2));
    gp.addNode(node(n, "Erf", out + "/erf", out + "/scaled"));
    gp.addNode(node(n, "Add", out + "/erf_plus_one", out + "/erf", one));
    gp.addNode(node(n, "Mul", out + "/half_x", x, half));
    gp.addNode(node(n, "Mul", out, out + "/half_x", out + "/erf_plus_one"));
  }

  private static String constant(GraphProto.Builder gp, String name, double value) {
    gp.addInitializer(
        OnnxExporter.embeddedTensor(name, HostTensor.ofFloats(new float[] {(float) value})));
    return name;
  }

  private static NodeProto node(Node from, String opType, String output, String... inputs) {
    NodeProto.Builder b =
        NodeProto.newBuilder()
            .setName(from.name() + "/" + opType + "->" + output)
            .setOpType(opType)
            .addOutput(output);
    for (String in : inputs) {
      b.addInput(in);
    }
    return b.build();
  }
}
