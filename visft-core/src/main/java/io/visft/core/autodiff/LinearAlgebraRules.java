package io.visft.core.autodiff;

import io.visft.core.graph.GraphBuildException;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.Arrays;
import java.util.List;

/**
 * Vector-Jacobian rules of MatMul, Gemm, DynamicQuantizeMatMul, Softmax, LogSoftmax and
 * LayerNormalization.
 */
final class LinearAlgebraRules {
  private LinearAlgebraRules() {}

  /**
   * dA = g Bᵀ, dB = Aᵀ g, with broadcast batch axes summed. When B is a plain matrix shared by a
   * batch (the weight of a linear layer), dB is computed as one flattened product instead.
   */
  static List<Value> matmul(GradientContext c) {
    Ops o = c.ops();
    Value a = c.x(0);
    Value b = c.x(1);
    Value g = c.g();
    Value ga = c.needs(0) ? c.unbroadcast(o.matmul(g, swapLast(o, b)), a) : null;
    Value gb = null;
    if (c.needs(1)) {
      if (b.rank() == 2 && a.rank() > 2) {
        long k = a.dim(-1);
        long n = g.dim(-1);
        gb = o.matmul(o.transpose(o.reshape(a, -1, k), 1, 0), o.reshape(g, -1, n));
      } else {
        gb = c.unbroadcast(o.matmul(swapLast(o, a), g), b);
      }
    }
    return Arrays.asList(ga, gb);
  }

  static Value swapLast(Ops o, Value x) {
    long[] perm = new long[x.rank()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    perm[perm.length - 1] = perm.length - 2;
    perm[perm.length - 2] = perm.length - 1;
    return o.transpose(x, perm);
  }

  /** Y = alpha op(A) op(B) + beta C; each case of transA/transB becomes one Gemm. */
  static List<Value> gemm(GradientContext c) {
    Ops o = c.ops();
    var at = c.node().attributes();
    float alpha = at.getFloat("alpha");
    float beta = at.getFloat("beta");
    boolean ta = at.getInt("transA") != 0;
    boolean tb = at.getInt("transB") != 0;
    Value a = c.x(0);
    Value b = c.x(1);
    Value g = c.g();
    Value ga = null;
    if (c.needs(0)) {
      ga = ta ? o.gemm(b, g, null, alpha, 0, tb, true) : o.gemm(g, b, null, alpha, 0, false, !tb);
    }
    Value gb = null;
    if (c.needs(1)) {
      gb = tb ? o.gemm(g, a, null, alpha, 0, true, ta) : o.gemm(a, g, null, alpha, 0, !ta, false);
    }
    Value gc = null;
    if (c.node().inputs().size() > 2 && c.needs(2)) {
      Value scaled = beta == 1f ? g : o.mul(g, o.scalarLike(g, beta));
      gc = c.unbroadcast(scaled, c.x(2));
    }
    return Arrays.asList(ga, gb, gc);
  }

  /**
   * dA = (g ⊙ scale) · Bᵀ as one more integer product: with B quantized per output column (W ≈
   * B·diag(scale)), g·Wᵀ = (g ⊙ scale)·Bᵀ, so the transposed int8 matrix with unit scale serves the
   * gradient (for a linear layer B is the transpose of the held weight, and the two transposes
   * cancel in ONNX Runtime's optimizer). The op rounds A, and this rule rounds g ⊙ scale, to uint8
   * per tensor; the rule passes gradients straight through both roundings, as quantization-aware
   * training does: the exact derivative of a rounding is zero almost everywhere. B holds integers
   * and its scale is a frozen quantization parameter: neither takes a gradient, and asking for one
   * is an error. A bias gets g summed over the leading axes.
   */
  static List<Value> dynamicQuantizeMatMul(GradientContext c) {
    if (c.needs(1) || c.needs(2)) {
      throw new GraphBuildException(
          c.node()
              + ": the int8 matrix and the scale of a "
              + "DynamicQuantizeMatMul are frozen and take no gradient; keep a weight in F32 to train it");
    }
    Ops o = c.ops();
    Value gx = null;
    if (c.needs(0)) {
      Value scaled = o.mul(c.g(), c.x(2));
      gx = o.dynamicQuantizeMatMul(scaled, o.transpose(c.x(1), 1, 0), o.scalarLike(c.g(), 1));
    }
    Value gbias = c.node().inputs().size() > 4 && c.needs(4) ? c.unbroadcast(c.g(), c.x(4)) : null;
    return Arrays.asList(gx, null, null, null, gbias);
  }

  /** dx = y (g - Σ g y). */
  static List<Value> softmax(GradientContext c) {
    Ops o = c.ops();
    int axis = (int) c.node().attributes().getInt("axis");
    Value y = c.y(0);
    Value gy = o.mul(c.g(), y);
    return List.of(o.sub(gy, o.mul(y, o.reduceSum(gy, true, axis))));
  }

  /** dx = g - softmax(x) Σ g. */
  static List<Value> logSoftmax(GradientContext c) {
    Ops o = c.ops();
    int axis = (int) c.node().attributes().getInt("axis");
    return List.of(o.sub(c.g(), o.mul(o.exp(c.y(0)), o.reduceSum(c.g(), true, axis))));
  }

  /**
   * With x̂ = (x - mean) / σ over the normalised axes: dscale = Σ g x̂, dbias = Σ g, and dx = (ĝ -
   * mean(ĝ) - x̂ mean(ĝ x̂)) / σ where ĝ = g · scale. Statistics are recomputed in the input's
   * dtype rather than read from the op's optional outputs.
   */
  static List<Value> layerNorm(GradientContext c) {
    Ops o = c.ops();
    Value x = c.x(0);
    Value scale = c.x(1);
    Value g = c.g();
    int axis = (int) c.node().attributes().getInt("axis");
    float eps = c.node().attributes().getFloat("epsilon");
    int first = axis < 0 ? axis + x.rank() : axis;
    long[] axes = new long[x.rank() - first];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = first + i;
    }
    Value centred = o.sub(x, o.reduceMean(x, true, axes));
    Value variance = o.reduceMean(o.mul(centred, centred), true, axes);
    Value invStd = o.div(o.scalarLike(x, 1), o.sqrt(o.add(variance, o.scalarLike(x, eps))));
    Value xhat = o.mul(centred, invStd);
    Value gx = null;
    if (c.needs(0)) {
      Value gh = o.mul(g, scale);
      Value meanGh = o.reduceMean(gh, true, axes);
      Value meanGhXhat = o.reduceMean(o.mul(gh, xhat), true, axes);
      gx = o.mul(o.sub(o.sub(gh, meanGh), o.mul(xhat, meanGhXhat)), invStd);
    }
    Value gs = c.needs(1) ? c.unbroadcast(o.mul(g, xhat), scale) : null;
    Value gbias = c.node().inputs().size() > 2 && c.needs(2) ? c.unbroadcast(g, c.x(2)) : null;
    return Arrays.asList(gx, gs, gbias);
  }
}
