package io.visft.core.autodiff;

import io.visft.core.graph.Node;
import io.visft.core.graph.Ops;
import io.visft.core.graph.ReduceAxes;
import io.visft.core.graph.Value;
import java.util.Arrays;
import java.util.List;

/** Vector-Jacobian rules of ReduceSum, ReduceMean and ReduceMax. */
final class ReductionRules {
  private ReductionRules() {}

  static List<Value> reduceSum(GradientContext c) {
    return Arrays.asList(spread(c), null);
  }

  static List<Value> reduceMean(GradientContext c) {
    Ops o = c.ops();
    Value x = c.x(0);
    long count = x.type().numel() / c.y(0).type().numel();
    return List.of(o.div(spread(c), o.scalarLike(x, count)));
  }

  /**
   * The gradient is shared equally among the positions that attain the maximum (as torch.amax
   * does).
   */
  static List<Value> reduceMax(GradientContext c) {
    Ops o = c.ops();
    Value x = c.x(0);
    long[] keep = keptShape(c.node());
    Value yKeep = o.reshape(c.y(0), keep);
    Value mask = o.cast(o.equal(x, yKeep), x.dtype());
    Value share = o.div(o.reshape(c.g(), keep), o.reduceSum(mask, true, ReduceAxes.of(c.node())));
    return List.of(o.mul(mask, share));
  }

  /** The output gradient reshaped to keep-dims form and expanded back to the input shape. */
  private static Value spread(GradientContext c) {
    Ops o = c.ops();
    return o.expand(o.reshape(c.g(), keptShape(c.node())), c.x(0).shape());
  }

  private static long[] keptShape(Node n) {
    long[] s = n.input(0).shape();
    for (long ax : ReduceAxes.of(n)) {
      s[(int) ax] = 1;
    }
    return s;
  }
}
