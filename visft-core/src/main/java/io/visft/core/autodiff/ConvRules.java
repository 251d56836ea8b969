package io.visft.core.autodiff;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.Arrays;
import java.util.List;

/** Vector-Jacobian rule of 2-D convolution (group 1, dilation 1). */
final class ConvRules {
  private ConvRules() {}

  /**
   * dX = ConvTranspose(g, W); dW = Conv(Xᵀ, gᵀ) with the forward strides as dilations, cropped to
   * the kernel size; db = Σ g over batch and space.
   */
  static List<Value> conv(GradientContext c) {
    Ops o = c.ops();
    var at = c.node().attributes();
    long[] strides = at.getInts("strides");
    long[] pads = at.getInts("pads");
    if (Arrays.stream(at.getInts("dilations")).anyMatch(d -> d != 1)) {
      throw new UnsupportedOperationException(
          c.node() + ": the Conv gradient supports dilation 1 only");
    }
    Value x = c.x(0);
    Value w = c.x(1);
    Value g = c.g();
    long[] xs = x.shape();
    long[] ws = w.shape();
    long[] gs = g.shape();
    Value gx = null;
    if (c.needs(0)) {
      long[] outPad = new long[2];
      for (int i = 0; i < 2; i++) {
        outPad[i] = xs[2 + i] - (strides[i] * (gs[2 + i] - 1) + ws[2 + i] - pads[i] - pads[i + 2]);
      }
      gx = o.convTranspose(g, w, strides, pads, outPad);
    }
    Value gw = null;
    if (c.needs(1)) {
      Value xt = o.transpose(x, 1, 0, 2, 3);
      Value gt = o.transpose(g, 1, 0, 2, 3);
      Value full = o.conv(xt, gt, new long[] {1, 1}, pads, strides);
      Value cropped =
          full.dim(2) == ws[2] && full.dim(3) == ws[3]
              ? full
              : o.slice(full, new long[] {0, 0}, new long[] {ws[2], ws[3]}, new long[] {2, 3});
      gw = o.transpose(cropped, 1, 0, 2, 3);
    }
    Value gb = c.node().inputs().size() > 2 && c.needs(2) ? o.reduceSum(g, false, 0, 2, 3) : null;
    return Arrays.asList(gx, gw, gb);
  }
}
