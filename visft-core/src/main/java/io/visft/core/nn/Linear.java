package io.visft.core.nn;

import io.visft.api.DType;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/**
 * The affine layer of {@code torch.nn.Linear}, {@code y = x Wᵀ + b}, over the last axis, with the
 * weight in PyTorch's {@code [out, in]} layout read in place (one Gemm with {@code transB}, never a
 * transposed copy). An int8 frozen weight ({@link FrozenWeights.Storage#I8}, quantized by {@link
 * Int8Weights}) is applied as ONNX Runtime's integer product instead.
 */
public final class Linear {
  private Linear() {}

  /**
   * @param x {@code [..., in]}, rank 2 or more; a rank-2 input is one Gemm, a higher rank is
   *     flattened to {@code [rows, in]} and restored
   * @param weight {@code [out, in]}, F32, or I8 with its scale declared in the graph
   * @param bias {@code [out]}, or {@code null} for none
   * @return {@code [..., out]}
   */
  public static Value apply(Ops o, Value x, Value weight, Value bias) {
    if (weight.dtype() == DType.I8) {
      return quantized(o, x, weight, bias);
    }
    if (x.rank() == 2) {
      return o.gemm(x, weight, bias, 1f, 1f, false, true);
    }
    long[] shape = x.shape();
    long in = shape[shape.length - 1];
    Value flat = o.gemm(o.reshape(x, x.type().numel() / in, in), weight, bias, 1f, 1f, false, true);
    shape[shape.length - 1] = weight.dim(0);
    return o.reshape(flat, shape);
  }

  /**
   * {@link #apply(Ops, Value, Value, Value)} computed in {@code precision}: in 16 bits, {@code x},
   * the weight and the bias enter the Gemm as {@link ComputePrecision#operand} (a weight stored in
   * that type is read as stored, not widened), and the result is cast back to F32. An int8 weight
   * keeps its integer product whatever the precision.
   *
   * @return {@code [..., out]}, F32
   */
  public static Value apply(Ops o, Value x, Value weight, Value bias, ComputePrecision precision) {
    if (!precision.reduced() || weight.dtype() == DType.I8) {
      return apply(o, x, weight, bias);
    }
    Value y =
        apply(
            o,
            precision.operand(o, x),
            precision.operand(o, weight),
            bias == null ? null : precision.operand(o, bias));
    return precision.result(o, y);
  }

  /**
   * {@code x · (q·diag(scale))ᵀ + b} as one {@link Ops#dynamicQuantizeMatMul} over the transposed
   * int8 matrix {@code [in, out]} with its per-column scale; ONNX Runtime folds the transpose of a
   * held weight once, when the session is created (in a model that also holds 16-bit weights only
   * up to 1 MiB, {@code GraphSession}: larger transposes then run on every pass, one int8 copy
   * each).
   */
  private static Value quantized(Ops o, Value x, Value weight, Value bias) {
    return o.dynamicQuantizeMatMul(x, o.transpose(weight, 1, 0), FrozenWeights.scale(weight), bias);
  }
}
