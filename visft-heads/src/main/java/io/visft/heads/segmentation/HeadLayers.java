package io.visft.heads.segmentation;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.Arrays;
import java.util.Map;

/** The layers the segmentation graph is made of, each reading its parameters by name. */
final class HeadLayers {

  /** PyTorch's default epsilon of LayerNorm and GroupNorm. */
  static final float NORM_EPS = 1e-5f;

  private final Ops o;
  private final Map<String, Value> params;

  HeadLayers(Ops o, Map<String, Value> params) {
    this.o = o;
    this.params = params;
  }

  Ops ops() {
    return o;
  }

  /** The parameter {@code name}, failing with the known names when it is missing. */
  Value param(String name) {
    Value v = params.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "segmentation parameter '" + name + "' was not given; pass every name of"
              + " SegmentationParameters.shapes(config), got " + params.size() + " names");
    }
    return v;
  }

  /** {@code x Wᵀ + b} over the last axis of {@code x [..., in]}, giving {@code [..., out]}. */
  Value linear(String module, Value x) {
    return linear(x, param(module + ".weight"), param(module + ".bias"));
  }

  Value linear(Value x, Value weight, Value bias) {
    long[] shape = x.shape();
    long rows = x.type().numel() / shape[shape.length - 1];
    Value y = o.gemm(o.reshape(x, rows, shape[shape.length - 1]), weight, bias, 1f, 1f, false, true);
    long[] out = Arrays.copyOf(shape, shape.length);
    out[out.length - 1] = weight.dim(0);
    return o.reshape(y, out);
  }

  /** LayerNorm over the last axis. */
  Value layerNorm(String module, Value x) {
    return o.layerNorm(x, param(module + ".weight"), param(module + ".bias"), -1, NORM_EPS);
  }

  /** {@code Conv2d} with stride 1 and "same" padding; {@code module.bias} is used when {@code withBias}. */
  Value conv(String module, Value x, boolean withBias) {
    Value w = param(module + ".weight");
    long pad = w.dim(2) / 2;
    return o.conv(
        x, w, withBias ? param(module + ".bias") : null, new long[] {1, 1}, new long[] {pad, pad, pad, pad});
  }

  /** {@code GroupNorm} of {@code x [N, C, H, W]}. */
  Value groupNorm(String module, Value x, int groups) {
    return io.visft.core.nn.Normalization.groupNorm(
        o, x, groups, param(module + ".weight"), param(module + ".bias"), NORM_EPS);
  }

  /** {@code [N, C, H, W]} to the token layout {@code [N, H·W, C]}. */
  Value tokens(Value map) {
    long n = map.dim(0);
    long c = map.dim(1);
    return o.transpose(o.reshape(map, n, c, map.dim(2) * map.dim(3)), 0, 2, 1);
  }

  /** Token layout {@code [N, h·w, C]} back to {@code [N, C, h, w]}. */
  Value map(Value tokens, long h, long w) {
    return o.reshape(o.transpose(tokens, 0, 2, 1), tokens.dim(0), tokens.dim(2), h, w);
  }
}
