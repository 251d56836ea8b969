package io.visft.core.autodiff;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.Arrays;
import java.util.List;

/**
 * Vector-Jacobian rules of elementwise ops (broadcast binary ops, unary functions, Where, Clip,
 * Cast).
 */
final class ElementwiseRules {
  private ElementwiseRules() {}

  static List<Value> add(GradientContext c) {
    return List.of(c.unbroadcast(c.g(), c.x(0)), c.unbroadcast(c.g(), c.x(1)));
  }

  static List<Value> sub(GradientContext c) {
    Value gb = c.needs(1) ? c.unbroadcast(c.ops().neg(c.g()), c.x(1)) : null;
    return Arrays.asList(c.unbroadcast(c.g(), c.x(0)), gb);
  }

  static List<Value> mul(GradientContext c) {
    Ops o = c.ops();
    Value ga = c.needs(0) ? c.unbroadcast(o.mul(c.g(), c.x(1)), c.x(0)) : null;
    Value gb = c.needs(1) ? c.unbroadcast(o.mul(c.g(), c.x(0)), c.x(1)) : null;
    return Arrays.asList(ga, gb);
  }

  static List<Value> div(GradientContext c) {
    Ops o = c.ops();
    Value ga = c.needs(0) ? c.unbroadcast(o.div(c.g(), c.x(1)), c.x(0)) : null;
    Value gb =
        c.needs(1) ? c.unbroadcast(o.neg(o.div(o.mul(c.g(), c.y(0)), c.x(1))), c.x(1)) : null;
    return Arrays.asList(ga, gb);
  }

  static List<Value> pow(GradientContext c) {
    Ops o = c.ops();
    Value a = c.x(0);
    Value b = c.x(1);
    Value ga =
        c.needs(0)
            ? c.unbroadcast(o.mul(c.g(), o.mul(b, o.pow(a, o.sub(b, o.scalarLike(b, 1))))), a)
            : null;
    Value gb = c.needs(1) ? c.unbroadcast(o.mul(c.g(), o.mul(c.y(0), o.log(a))), b) : null;
    return Arrays.asList(ga, gb);
  }

  /** Min and Max route the gradient to the selected operand (the first one on ties). */
  static List<Value> minMax(GradientContext c, boolean isMax) {
    Ops o = c.ops();
    Value firstWins = isMax ? o.not(o.less(c.x(0), c.x(1))) : o.not(o.less(c.x(1), c.x(0)));
    Value zero = o.scalarLike(c.g(), 0);
    Value ga = c.needs(0) ? c.unbroadcast(o.where(firstWins, c.g(), zero), c.x(0)) : null;
    Value gb = c.needs(1) ? c.unbroadcast(o.where(firstWins, zero, c.g()), c.x(1)) : null;
    return Arrays.asList(ga, gb);
  }

  static List<Value> neg(GradientContext c) {
    return List.of(c.ops().neg(c.g()));
  }

  static List<Value> abs(GradientContext c) {
    return List.of(c.ops().mul(c.g(), c.ops().sign(c.x(0))));
  }

  static List<Value> sqrt(GradientContext c) {
    Ops o = c.ops();
    return List.of(o.div(c.g(), o.mul(c.y(0), o.scalarLike(c.g(), 2))));
  }

  static List<Value> exp(GradientContext c) {
    return List.of(c.ops().mul(c.g(), c.y(0)));
  }

  static List<Value> log(GradientContext c) {
    return List.of(c.ops().div(c.g(), c.x(0)));
  }

  static List<Value> tanh(GradientContext c) {
    Ops o = c.ops();
    Value y = c.y(0);
    return List.of(o.mul(c.g(), o.sub(o.scalarLike(y, 1), o.mul(y, y))));
  }

  static List<Value> sigmoid(GradientContext c) {
    Ops o = c.ops();
    Value y = c.y(0);
    return List.of(o.mul(c.g(), o.mul(y, o.sub(o.scalarLike(y, 1), y))));
  }

  static List<Value> relu(GradientContext c) {
    Ops o = c.ops();
    Value x = c.x(0);
    return List.of(o.where(o.greater(x, o.scalarLike(x, 0)), c.g(), o.scalarLike(x, 0)));
  }

  /**
   * d erf(x)/dx = 2/sqrt(pi) exp(-x^2), written as exp(ln(2/sqrt(pi)) - x^2): the constant folds
   * into the exponent, one pass over the tensor fewer.
   */
  static List<Value> erf(GradientContext c) {
    Ops o = c.ops();
    Value x = c.x(0);
    Value slope = o.exp(o.sub(o.scalarLike(x, Math.log(2 / Math.sqrt(Math.PI))), o.mul(x, x)));
    return List.of(o.mul(c.g(), slope));
  }

  /**
   * d gelu(x)/dx = Φ(x) + x φ(x) = ½ (1 + erf(t)) + t exp(ln(1/√π) − t²) with t = x/√2; recomputed
   * from x, since the forward kernel keeps no intermediates.
   */
  static List<Value> gelu(GradientContext c) {
    Ops o = c.ops();
    Value x = c.x(0);
    Value t = o.div(x, o.scalarLike(x, Math.sqrt(2)));
    Value cdf = o.add(o.mul(o.erf(t), o.scalarLike(x, 0.5)), o.scalarLike(x, 0.5));
    Value density =
        o.mul(t, o.exp(o.sub(o.scalarLike(x, Math.log(1 / Math.sqrt(Math.PI))), o.mul(t, t))));
    return List.of(o.mul(c.g(), o.add(cdf, density)));
  }

  static List<Value> sin(GradientContext c) {
    return List.of(c.ops().mul(c.g(), c.ops().cos(c.x(0))));
  }

  static List<Value> cos(GradientContext c) {
    Ops o = c.ops();
    return List.of(o.neg(o.mul(c.g(), o.sin(c.x(0)))));
  }

  static List<Value> identity(GradientContext c) {
    return List.of(c.g());
  }

  static List<Value> cast(GradientContext c) {
    Value x = c.x(0);
    return Arrays.asList(x.dtype().isFloating() ? c.ops().cast(c.g(), x.dtype()) : null);
  }

  /** The gradient passes where lo <= x <= hi; the bounds take none. */
  static List<Value> clip(GradientContext c) {
    Ops o = c.ops();
    Value x = c.x(0);
    Value inside = null;
    if (c.node().inputs().size() > 1 && c.x(1) != null) {
      inside = o.not(o.less(x, c.x(1)));
    }
    if (c.node().inputs().size() > 2 && c.x(2) != null) {
      Value belowHi = o.not(o.greater(x, c.x(2)));
      inside = inside == null ? belowHi : o.and(inside, belowHi);
    }
    Value gx = inside == null ? c.g() : o.where(inside, c.g(), o.scalarLike(x, 0));
    return Arrays.asList(gx, null, null);
  }

  static List<Value> where(GradientContext c) {
    Ops o = c.ops();
    Value zero = o.scalarLike(c.g(), 0);
    Value ga = c.needs(1) ? c.unbroadcast(o.where(c.x(0), c.g(), zero), c.x(1)) : null;
    Value gb = c.needs(2) ? c.unbroadcast(o.where(c.x(0), zero, c.g()), c.x(2)) : null;
    return Arrays.asList(null, ga, gb);
  }
}
