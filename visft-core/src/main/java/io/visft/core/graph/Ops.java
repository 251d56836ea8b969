package io.visft.core.graph;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Typed builders for the ops of the {@link Op} table, adding nodes to one {@link Graph}.
 *
 * <p>Shapes in the javadoc use ONNX (numpy) broadcasting; axes may be negative. Not thread-safe.
 */
public final class Ops {

  private final Graph g;

  public Ops(Graph graph) {
    this.g = graph;
  }

  public Graph graph() {
    return g;
  }

  private Value one(Op op, Attributes a, Value... in) {
    return g.apply(op, a, in).get(0);
  }

  // ---- constants ----

  /** A scalar constant of {@code like}'s floating dtype (F32 or F64). */
  public Value scalarLike(Value like, double v) {
    return constantLike(like.dtype(), new double[] {v});
  }

  /** A constant of the given floating dtype and shape. */
  public Value constantLike(DType dtype, double[] values, long... shape) {
    ByteBuffer b =
        ByteBuffer.allocate(values.length * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      switch (dtype) {
        case F32 -> b.putFloat((float) v);
        case F64 -> b.putDouble(v);
        case I64 -> b.putLong((long) v);
        default ->
            throw new IllegalArgumentException(
                "constantLike supports F32, F64 and I64, not " + dtype);
      }
    }
    return g.constant(new HostTensor(dtype, shape, b.flip()));
  }

  /** A 1-D I64 constant (shapes, axes, indices). */
  public Value longs(long... values) {
    return g.constant(HostTensor.ofLongs(values, values.length));
  }

  /** A constant of zeros of the given type. */
  public Value zeros(TensorType type) {
    return g.constant(
        new HostTensor(
            type.dtype(),
            type.shape(),
            ByteBuffer.allocate(Math.toIntExact(type.numel() * type.dtype().byteSize()))));
  }

  // ---- elementwise ----

  public Value add(Value a, Value b) {
    return one(Op.ADD, Attributes.none(), a, b);
  }

  public Value sub(Value a, Value b) {
    return one(Op.SUB, Attributes.none(), a, b);
  }

  public Value mul(Value a, Value b) {
    return one(Op.MUL, Attributes.none(), a, b);
  }

  public Value div(Value a, Value b) {
    return one(Op.DIV, Attributes.none(), a, b);
  }

  public Value pow(Value a, Value b) {
    return one(Op.POW, Attributes.none(), a, b);
  }

  public Value min(Value a, Value b) {
    return one(Op.MIN, Attributes.none(), a, b);
  }

  public Value max(Value a, Value b) {
    return one(Op.MAX, Attributes.none(), a, b);
  }

  public Value mod(Value a, Value b) {
    return one(Op.MOD, Attributes.none(), a, b);
  }

  public Value neg(Value x) {
    return one(Op.NEG, Attributes.none(), x);
  }

  public Value abs(Value x) {
    return one(Op.ABS, Attributes.none(), x);
  }

  public Value sqrt(Value x) {
    return one(Op.SQRT, Attributes.none(), x);
  }

  public Value exp(Value x) {
    return one(Op.EXP, Attributes.none(), x);
  }

  public Value log(Value x) {
    return one(Op.LOG, Attributes.none(), x);
  }

  public Value tanh(Value x) {
    return one(Op.TANH, Attributes.none(), x);
  }

  public Value sigmoid(Value x) {
    return one(Op.SIGMOID, Attributes.none(), x);
  }

  public Value relu(Value x) {
    return one(Op.RELU, Attributes.none(), x);
  }

  public Value erf(Value x) {
    return one(Op.ERF, Attributes.none(), x);
  }

  /**
   * Exact GELU {@code 0.5 x (1 + erf(x / √2))}, as {@code torch.nn.GELU()} (approximate = none):
   * ONNX Runtime's Gelu kernel, whose gradient rule takes ten element-wise passes where the form
   * composed of Div/Erf/Add/Mul took fourteen.
   */
  public Value gelu(Value x) {
    return one(Op.GELU, Attributes.none(), x);
  }

  public Value sin(Value x) {
    return one(Op.SIN, Attributes.none(), x);
  }

  public Value cos(Value x) {
    return one(Op.COS, Attributes.none(), x);
  }

  public Value identity(Value x) {
    return one(Op.IDENTITY, Attributes.none(), x);
  }

  public Value floor(Value x) {
    return one(Op.FLOOR, Attributes.none(), x);
  }

  public Value sign(Value x) {
    return one(Op.SIGN, Attributes.none(), x);
  }

  public Value cast(Value x, DType to) {
    return x.dtype() == to ? x : one(Op.CAST, Attributes.of("to", to.onnxCode()), x);
  }

  /** Clamps into {@code [lo, hi]}; the bounds are scalar constants of x's dtype. */
  public Value clip(Value x, double lo, double hi) {
    return one(Op.CLIP, Attributes.none(), x, scalarLike(x, lo), scalarLike(x, hi));
  }

  public Value less(Value a, Value b) {
    return one(Op.LESS, Attributes.none(), a, b);
  }

  public Value greater(Value a, Value b) {
    return one(Op.GREATER, Attributes.none(), a, b);
  }

  public Value equal(Value a, Value b) {
    return one(Op.EQUAL, Attributes.none(), a, b);
  }

  public Value not(Value a) {
    return one(Op.NOT, Attributes.none(), a);
  }

  public Value and(Value a, Value b) {
    return one(Op.AND, Attributes.none(), a, b);
  }

  public Value or(Value a, Value b) {
    return one(Op.OR, Attributes.none(), a, b);
  }

  /** {@code cond ? a : b}, broadcast. */
  public Value where(Value cond, Value a, Value b) {
    return one(Op.WHERE, Attributes.none(), cond, a, b);
  }

  // ---- linear algebra and normalization ----

  /** Batched matrix product {@code [..., m, k] x [..., k, n] -> [..., m, n]}. */
  public Value matmul(Value a, Value b) {
    return one(Op.MATMUL, Attributes.none(), a, b);
  }

  /** {@code alpha * op(A) op(B) + beta * C} for 2-D A, B; {@code c} may be null. */
  public Value gemm(
      Value a, Value b, Value c, float alpha, float beta, boolean transA, boolean transB) {
    Attributes at =
        Attributes.of(
            "alpha", alpha, "beta", beta, "transA", transA ? 1 : 0, "transB", transB ? 1 : 0);
    return c == null ? one(Op.GEMM, at, a, b) : one(Op.GEMM, at, a, b, c);
  }

  /**
   * {@code a · (b ⊙ scale)} on ONNX Runtime's integer kernel ({@link Op#DYNAMIC_QUANTIZE_MAT_MUL}).
   *
   * @param a {@code [..., K]} F32, quantized to uint8 per tensor by the op
   * @param b {@code [K, N]} I8
   * @param scale F32 {@code [N]} (per column) or one element
   * @return {@code [..., N]} F32
   */
  public Value dynamicQuantizeMatMul(Value a, Value b, Value scale) {
    return one(Op.DYNAMIC_QUANTIZE_MAT_MUL, Attributes.none(), a, b, scale);
  }

  /**
   * {@code a · (b ⊙ scale) + bias}, the bias added by the integer kernel as it writes the result
   * instead of in a pass of its own.
   *
   * @param bias F32 {@code [N]}, or null for none
   * @see #dynamicQuantizeMatMul(Value, Value, Value)
   */
  public Value dynamicQuantizeMatMul(Value a, Value b, Value scale, Value bias) {
    return bias == null
        ? dynamicQuantizeMatMul(a, b, scale)
        : one(Op.DYNAMIC_QUANTIZE_MAT_MUL, Attributes.none(), a, b, scale, null, bias);
  }

  public Value softmax(Value x, int axis) {
    return one(Op.SOFTMAX, Attributes.of("axis", axis), x);
  }

  public Value logSoftmax(Value x, int axis) {
    return one(Op.LOG_SOFTMAX, Attributes.of("axis", axis), x);
  }

  /** LayerNorm over the trailing axes from {@code axis}; {@code bias} may be null. */
  public Value layerNorm(Value x, Value scale, Value bias, int axis, float epsilon) {
    Attributes a = Attributes.of("axis", axis, "epsilon", epsilon);
    return bias == null
        ? g.apply(Op.LAYER_NORMALIZATION, a, x, scale).get(0)
        : g.apply(Op.LAYER_NORMALIZATION, a, x, scale, bias).get(0);
  }

  // ---- reductions ----

  public Value reduceSum(Value x, boolean keepDims, long... axes) {
    return one(Op.REDUCE_SUM, Attributes.of("keepdims", keepDims ? 1 : 0), x, longs(axes));
  }

  public Value reduceMean(Value x, boolean keepDims, long... axes) {
    return one(Op.REDUCE_MEAN, Attributes.of("axes", axes, "keepdims", keepDims ? 1 : 0), x);
  }

  public Value reduceMax(Value x, boolean keepDims, long... axes) {
    return one(Op.REDUCE_MAX, Attributes.of("axes", axes, "keepdims", keepDims ? 1 : 0), x);
  }

  // ---- shape manipulation ----

  /** Reshape; entries 0 copy the input dimension, one entry may be -1. */
  public Value reshape(Value x, long... shape) {
    return one(Op.RESHAPE, Attributes.none(), x, longs(shape));
  }

  public Value transpose(Value x, long... perm) {
    return one(Op.TRANSPOSE, Attributes.of("perm", perm), x);
  }

  public Value concat(int axis, Value... xs) {
    return one(Op.CONCAT, Attributes.of("axis", axis), xs);
  }

  public List<Value> split(Value x, int axis, long... sizes) {
    return g.apply(Op.SPLIT, Attributes.of("axis", axis), x, longs(sizes));
  }

  /** Slice along {@code axes} with step 1. */
  public Value slice(Value x, long[] starts, long[] ends, long[] axes) {
    return one(Op.SLICE, Attributes.none(), x, longs(starts), longs(ends), longs(axes));
  }

  /** {@code x[..., start:end, ...]} along one axis. */
  public Value slice(Value x, int axis, long start, long end) {
    return slice(x, new long[] {start}, new long[] {end}, new long[] {axis});
  }

  /** Zero padding: {@code pads} = [begin_0, ..., begin_n, end_0, ..., end_n]. */
  public Value pad(Value x, long... pads) {
    return one(Op.PAD, Attributes.none(), x, longs(pads));
  }

  public Value gather(Value data, Value indices, int axis) {
    return one(Op.GATHER, Attributes.of("axis", axis), data, indices);
  }

  public Value gatherElements(Value data, Value indices, int axis) {
    return one(Op.GATHER_ELEMENTS, Attributes.of("axis", axis), data, indices);
  }

  public Value gatherNd(Value data, Value indices) {
    return one(Op.GATHER_ND, Attributes.none(), data, indices);
  }

  /** ScatterElements with {@code reduction} "none" or "add". */
  public Value scatterElements(
      Value data, Value indices, Value updates, int axis, String reduction) {
    return one(
        Op.SCATTER_ELEMENTS,
        Attributes.of("axis", axis, "reduction", reduction),
        data,
        indices,
        updates);
  }

  /** ScatterND with {@code reduction} "none" or "add". */
  public Value scatterNd(Value data, Value indices, Value updates, String reduction) {
    return one(Op.SCATTER_ND, Attributes.of("reduction", reduction), data, indices, updates);
  }

  public Value expand(Value x, long... shape) {
    return one(Op.EXPAND, Attributes.none(), x, longs(shape));
  }

  public Value squeeze(Value x, long... axes) {
    return one(Op.SQUEEZE, Attributes.none(), x, longs(axes));
  }

  public Value unsqueeze(Value x, long... axes) {
    return one(Op.UNSQUEEZE, Attributes.none(), x, longs(axes));
  }

  // ---- convolution ----

  /** 2-D convolution, group 1: X [N,C,H,W], W [M,C,kH,kW], optional bias [M]. */
  public Value conv(Value x, Value w, Value bias, long[] strides, long[] pads) {
    Attributes a = Attributes.of("strides", strides, "pads", pads);
    return bias == null ? one(Op.CONV, a, x, w) : one(Op.CONV, a, x, w, bias);
  }

  /** 2-D convolution with dilation, used by the convolution gradient. */
  public Value conv(Value x, Value w, long[] strides, long[] pads, long[] dilations) {
    return one(
        Op.CONV, Attributes.of("strides", strides, "pads", pads, "dilations", dilations), x, w);
  }

  public Value convTranspose(Value x, Value w, long[] strides, long[] pads, long[] outputPadding) {
    return one(
        Op.CONV_TRANSPOSE,
        Attributes.of("strides", strides, "pads", pads, "output_padding", outputPadding),
        x,
        w);
  }
}
