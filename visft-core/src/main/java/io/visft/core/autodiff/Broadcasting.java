package io.visft.core.autodiff;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Undoes numpy broadcasting in gradients: the one place that does. */
public final class Broadcasting {
  private Broadcasting() {}

  /**
   * Sums {@code grad} over the axes that broadcasting added or stretched so that it takes {@code
   * targetShape}.
   */
  public static Value unbroadcast(Ops ops, Value grad, long[] targetShape) {
    long[] g = grad.shape();
    if (Arrays.equals(g, targetShape)) {
      return grad;
    }
    int lead = g.length - targetShape.length;
    if (lead < 0) {
      throw new IllegalArgumentException(
          "gradient "
              + grad.type()
              + " has lower rank than target "
              + Arrays.toString(targetShape));
    }
    List<Long> axes = new ArrayList<>();
    for (int i = 0; i < g.length; i++) {
      if (i < lead || (targetShape[i - lead] == 1 && g[i] != 1)) {
        axes.add((long) i);
      }
    }
    Value summed =
        axes.isEmpty()
            ? grad
            : ops.reduceSum(grad, true, axes.stream().mapToLong(Long::longValue).toArray());
    return Arrays.equals(summed.shape(), targetShape) ? summed : ops.reshape(summed, targetShape);
  }
}
