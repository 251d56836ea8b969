package io.visft.heads.segmentation;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.FeedForward;
import io.visft.core.nn.LayerNorm;
import io.visft.core.nn.Linear;
import io.visft.core.nn.Normalization;
import java.util.Map;

/**
 * The layers the segmentation graph is made of, each reading its parameters by name; the layer math
 * is {@code io.visft.core.nn}'s, with PyTorch's default norm epsilon {@value LayerNorm#TORCH_EPS}.
 */
final class HeadLayers {

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
          "segmentation parameter '"
              + name
              + "' was not given; pass every name of"
              + " SegmentationParameters.shapes(config), got "
              + params.size()
              + " names");
    }
    return v;
  }

  /** {@code x Wᵀ + b} over the last axis of {@code x [..., in]}, giving {@code [..., out]}. */
  Value linear(String module, Value x) {
    return Linear.apply(o, x, param(module + ".weight"), param(module + ".bias"));
  }

  /** The feed-forward block of the linear layers {@code first} and {@code second}. */
  FeedForward feedForward(String first, String second) {
    return new FeedForward(
        param(first + ".weight"),
        param(first + ".bias"),
        param(second + ".weight"),
        param(second + ".bias"));
  }

  /** LayerNorm over the last axis. */
  Value layerNorm(String module, Value x) {
    return LayerNorm.apply(
        o, x, param(module + ".weight"), param(module + ".bias"), LayerNorm.TORCH_EPS);
  }

  /**
   * {@code Conv2d} with stride 1 and "same" padding; {@code module.bias} is used when {@code
   * withBias}.
   */
  Value conv(String module, Value x, boolean withBias) {
    Value w = param(module + ".weight");
    long pad = w.dim(2) / 2;
    return o.conv(
        x,
        w,
        withBias ? param(module + ".bias") : null,
        new long[] {1, 1},
        new long[] {pad, pad, pad, pad});
  }

  /** {@code GroupNorm} of {@code x [N, C, H, W]}. */
  Value groupNorm(String module, Value x, int groups) {
    return Normalization.groupNorm(
        o, x, groups, param(module + ".weight"), param(module + ".bias"), LayerNorm.TORCH_EPS);
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
