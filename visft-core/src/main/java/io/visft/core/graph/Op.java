package io.visft.core.graph;

import static io.visft.core.graph.AttrSpec.Kind.FLOAT;
import static io.visft.core.graph.AttrSpec.Kind.INT;
import static io.visft.core.graph.AttrSpec.Kind.INTS;
import static io.visft.core.graph.AttrSpec.Kind.STRING;
import static io.visft.core.graph.AttrSpec.optional;
import static io.visft.core.graph.AttrSpec.required;
import static io.visft.core.graph.Differentiability.NONE;
import static io.visft.core.graph.Differentiability.RULE;
import static io.visft.core.graph.Differentiability.UNSUPPORTED;

import java.util.List;

/**
 * The table of operations the graph IR knows: ONNX name and domain, input arity, attribute schema,
 * shape rule and how autodiff treats the op. Everything else (validation, export, gradients, the
 * gradient property test) reads this table. Semantics are those of ONNX opset {@value #OPSET}.
 *
 * <p>Adding an op: add a row here, its shape rule in {@code ShapeRules}, its vector-Jacobian rule
 * in {@code io.visft.core.autodiff.GradientRegistry}, and a sample in the gradient property test.
 */
public enum Op {
  ADD("Add", 2, 2, AttrSpec.none(), ShapeRules::broadcast, RULE),
  SUB("Sub", 2, 2, AttrSpec.none(), ShapeRules::broadcast, RULE),
  MUL("Mul", 2, 2, AttrSpec.none(), ShapeRules::broadcast, RULE),
  DIV("Div", 2, 2, AttrSpec.none(), ShapeRules::broadcast, RULE),
  POW("Pow", 2, 2, AttrSpec.none(), ShapeRules::broadcast, RULE),
  MIN("Min", 2, 2, AttrSpec.none(), ShapeRules::broadcast, RULE),
  MAX("Max", 2, 2, AttrSpec.none(), ShapeRules::broadcast, RULE),
  MOD("Mod", 2, 2, List.of(optional("fmod", INT, 0L)), ShapeRules::broadcast, NONE),
  NEG("Neg", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  ABS("Abs", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  SQRT("Sqrt", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  EXP("Exp", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  LOG("Log", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  TANH("Tanh", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  SIGMOID("Sigmoid", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  RELU("Relu", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  ERF("Erf", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  /**
   * Exact GELU, {@code x Φ(x)}: ONNX Runtime's fused kernel (domain {@value #MICROSOFT}); files for
   * other runtimes get it as standard ops ({@code OnnxExporter.exportStandard}).
   */
  GELU("Gelu", Op.MICROSOFT, 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  SIN("Sin", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  COS("Cos", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  IDENTITY("Identity", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, RULE),
  FLOOR("Floor", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, NONE),
  SIGN("Sign", 1, 1, AttrSpec.none(), ShapeRules::sameAsFirst, NONE),
  CAST("Cast", 1, 1, List.of(required("to", INT)), ShapeRules::cast, RULE),
  CLIP("Clip", 1, 3, AttrSpec.none(), ShapeRules::clip, RULE),
  LESS("Less", 2, 2, AttrSpec.none(), ShapeRules::compare, NONE),
  GREATER("Greater", 2, 2, AttrSpec.none(), ShapeRules::compare, NONE),
  EQUAL("Equal", 2, 2, AttrSpec.none(), ShapeRules::compare, NONE),
  NOT("Not", 1, 1, AttrSpec.none(), ShapeRules::logical, NONE),
  AND("And", 2, 2, AttrSpec.none(), ShapeRules::logical, NONE),
  OR("Or", 2, 2, AttrSpec.none(), ShapeRules::logical, NONE),
  WHERE("Where", 3, 3, AttrSpec.none(), ShapeRules::where, RULE),
  MATMUL("MatMul", 2, 2, AttrSpec.none(), ShapeRules::matmul, RULE),
  GEMM(
      "Gemm",
      2,
      3,
      List.of(
          optional("alpha", FLOAT, 1f),
          optional("beta", FLOAT, 1f),
          optional("transA", INT, 0L),
          optional("transB", INT, 0L)),
      ShapeRules::gemm,
      RULE),
  /**
   * {@code A · (B ⊙ scale) + bias} with int8 B {@code [K, N]} and a per-tensor or per-column F32
   * scale, as ONNX Runtime's integer kernel (domain {@value #MICROSOFT}): A {@code [..., K]} is
   * quantized to uint8 per tensor by the op itself, the product accumulates in int32, and the
   * optional F32 bias {@code [N]} (input 4) is added by the kernel as it writes the result. Input
   * 3, B's zero point, is always absent (null): B is symmetric. Differentiable in A, straight
   * through the op's own rounding of A (see {@code LinearAlgebraRules}), and in the bias; B and its
   * scale are frozen quantized weights.
   */
  DYNAMIC_QUANTIZE_MAT_MUL(
      "DynamicQuantizeMatMul",
      Op.MICROSOFT,
      3,
      5,
      AttrSpec.none(),
      ShapeRules::dynamicQuantizeMatMul,
      RULE),
  SOFTMAX("Softmax", 1, 1, List.of(optional("axis", INT, -1L)), ShapeRules::softmax, RULE),
  LOG_SOFTMAX("LogSoftmax", 1, 1, List.of(optional("axis", INT, -1L)), ShapeRules::softmax, RULE),
  LAYER_NORMALIZATION(
      "LayerNormalization",
      2,
      3,
      List.of(
          optional("axis", INT, -1L),
          optional("epsilon", FLOAT, 1e-5f),
          optional("stash_type", INT, 1L)),
      ShapeRules::layerNorm,
      RULE),
  REDUCE_SUM(
      "ReduceSum", 2, 2, List.of(optional("keepdims", INT, 1L)), ShapeRules::reduceInput, RULE),
  REDUCE_MEAN(
      "ReduceMean",
      1,
      1,
      List.of(optional("axes", INTS, new long[0]), optional("keepdims", INT, 1L)),
      ShapeRules::reduceAttr,
      RULE),
  REDUCE_MAX(
      "ReduceMax",
      1,
      1,
      List.of(optional("axes", INTS, new long[0]), optional("keepdims", INT, 1L)),
      ShapeRules::reduceAttr,
      RULE),
  RESHAPE("Reshape", 2, 2, AttrSpec.none(), ShapeRules::reshape, RULE),
  TRANSPOSE("Transpose", 1, 1, List.of(required("perm", INTS)), ShapeRules::transpose, RULE),
  CONCAT("Concat", 1, Integer.MAX_VALUE, List.of(required("axis", INT)), ShapeRules::concat, RULE),
  SPLIT("Split", 2, 2, List.of(optional("axis", INT, 0L)), ShapeRules::split, RULE),
  SLICE("Slice", 3, 5, AttrSpec.none(), ShapeRules::slice, RULE),
  PAD("Pad", 2, 3, List.of(optional("mode", STRING, "constant")), ShapeRules::pad, RULE),
  GATHER("Gather", 2, 2, List.of(optional("axis", INT, 0L)), ShapeRules::gather, RULE),
  GATHER_ELEMENTS(
      "GatherElements", 2, 2, List.of(optional("axis", INT, 0L)), ShapeRules::gatherElements, RULE),
  GATHER_ND("GatherND", 2, 2, AttrSpec.none(), ShapeRules::gatherNd, RULE),
  SCATTER_ELEMENTS(
      "ScatterElements",
      3,
      3,
      List.of(optional("axis", INT, 0L), optional("reduction", STRING, "none")),
      ShapeRules::scatterElements,
      RULE),
  SCATTER_ND(
      "ScatterND",
      3,
      3,
      List.of(optional("reduction", STRING, "none")),
      ShapeRules::scatterNd,
      RULE),
  EXPAND("Expand", 2, 2, AttrSpec.none(), ShapeRules::expand, RULE),
  SQUEEZE("Squeeze", 2, 2, AttrSpec.none(), ShapeRules::squeeze, RULE),
  UNSQUEEZE("Unsqueeze", 2, 2, AttrSpec.none(), ShapeRules::unsqueeze, RULE),
  CONV(
      "Conv",
      2,
      3,
      List.of(
          optional("strides", INTS, new long[] {1, 1}),
          optional("pads", INTS, new long[] {0, 0, 0, 0}),
          optional("dilations", INTS, new long[] {1, 1}),
          optional("group", INT, 1L)),
      ShapeRules::conv,
      RULE),
  CONV_TRANSPOSE(
      "ConvTranspose",
      2,
      2,
      List.of(
          optional("strides", INTS, new long[] {1, 1}),
          optional("pads", INTS, new long[] {0, 0, 0, 0}),
          optional("output_padding", INTS, new long[] {0, 0})),
      ShapeRules::convTranspose,
      UNSUPPORTED);

  /** The ONNX opset version whose semantics the table follows. */
  public static final int OPSET = 17;

  /** ONNX Runtime's contrib-op domain, version 1. */
  public static final String MICROSOFT = "com.microsoft";

  private final String onnxName;
  private final String domain;
  private final int minInputs;
  private final int maxInputs;
  private final List<AttrSpec> attributes;
  private final ShapeRule shapeRule;
  private final Differentiability differentiability;

  Op(
      String onnxName,
      int minInputs,
      int maxInputs,
      List<AttrSpec> attributes,
      ShapeRule shapeRule,
      Differentiability differentiability) {
    this(onnxName, "", minInputs, maxInputs, attributes, shapeRule, differentiability);
  }

  Op(
      String onnxName,
      String domain,
      int minInputs,
      int maxInputs,
      List<AttrSpec> attributes,
      ShapeRule shapeRule,
      Differentiability differentiability) {
    this.onnxName = onnxName;
    this.domain = domain;
    this.minInputs = minInputs;
    this.maxInputs = maxInputs;
    this.attributes = attributes;
    this.shapeRule = shapeRule;
    this.differentiability = differentiability;
  }

  public String onnxName() {
    return onnxName;
  }

  /**
   * The operator domain: {@code ""} for standard ONNX, {@link #MICROSOFT} for ONNX Runtime's own
   * ops.
   */
  public String domain() {
    return domain;
  }

  public int minInputs() {
    return minInputs;
  }

  public int maxInputs() {
    return maxInputs;
  }

  public List<AttrSpec> attributes() {
    return attributes;
  }

  public ShapeRule shapeRule() {
    return shapeRule;
  }

  public Differentiability differentiability() {
    return differentiability;
  }
}
