package io.visft.core.nn;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/** Normalisations composed from table ops. */
public final class Normalization {
  private Normalization() {}

  /**
   * GroupNorm as {@code torch.nn.GroupNorm}: statistics over (channels of a group, space).
   *
   * @param x {@code [N, C, H, W]}
   * @param scale {@code [C]}
   * @param bias {@code [C]}
   * @return {@code [N, C, H, W]}
   */
  public static Value groupNorm(Ops o, Value x, int groups, Value scale, Value bias, float eps) {
    long n = x.dim(0);
    long c = x.dim(1);
    long h = x.dim(2);
    long w = x.dim(3);
    if (c % groups != 0) {
      throw new IllegalArgumentException(
          "GroupNorm: " + c + " channels are not divisible into " + groups + " groups");
    }
    Value grouped = o.reshape(x, n, groups, (c / groups) * h * w);
    Value centred = o.sub(grouped, o.reduceMean(grouped, true, 2));
    Value variance = o.reduceMean(o.mul(centred, centred), true, 2);
    Value normed = o.div(centred, o.sqrt(o.add(variance, o.scalarLike(x, eps))));
    Value back = o.reshape(normed, n, c, h, w);
    return o.add(o.mul(back, o.reshape(scale, c, 1, 1)), o.reshape(bias, c, 1, 1));
  }
}
