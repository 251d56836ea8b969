package io.visft.heads.segmentation;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/**
 * {@code torch.nn.MultiheadAttention} (batch first, packed {@code in_proj_weight [3d, d]}) with an
 * optional boolean mask: {@code true} forbids a query from attending to a key.
 */
final class MultiHeadAttention {

  /** Added to forbidden scores; finite so that no gradient path meets infinity. */
  private static final double FORBIDDEN = -1e9;

  private MultiHeadAttention() {}

  /**
   * @param query {@code [B, Lq, d]} (position already added)
   * @param key {@code [B, Lk, d]} (position already added)
   * @param value {@code [B, Lk, d]}
   * @param forbidden {@code [B, Lq, Lk]} BOOL, the same for every head, or {@code null}
   * @return {@code [B, Lq, d]}
   */
  static Value apply(HeadLayers layers, String module, int heads, Value query, Value key, Value value, Value forbidden) {
    Ops o = layers.ops();
    long d = query.dim(2);
    Value w = layers.param(module + ".in_proj_weight");
    Value bias = layers.param(module + ".in_proj_bias");
    Value q = split(o, layers.linear(query, o.slice(w, 0, 0, d), o.slice(bias, 0, 0, d)), heads);
    Value k = split(o, layers.linear(key, o.slice(w, 0, d, 2 * d), o.slice(bias, 0, d, 2 * d)), heads);
    Value v = split(o, layers.linear(value, o.slice(w, 0, 2 * d, 3 * d), o.slice(bias, 0, 2 * d, 3 * d)), heads);
    Value scores = o.mul(o.matmul(q, o.transpose(k, 0, 1, 3, 2)), o.scalarLike(q, 1 / Math.sqrt((double) d / heads)));
    if (forbidden != null) {
      scores = o.where(o.unsqueeze(forbidden, 1), o.scalarLike(scores, FORBIDDEN), scores);
    }
    Value mixed = o.matmul(o.softmax(scores, 3), v);
    Value merged = o.reshape(o.transpose(mixed, 0, 2, 1, 3), query.dim(0), query.dim(1), d);
    return layers.linear(module + ".out_proj", merged);
  }

  /** {@code [B, L, d]} to {@code [B, heads, L, d/heads]}. */
  private static Value split(Ops o, Value x, int heads) {
    return o.transpose(o.reshape(x, x.dim(0), x.dim(1), heads, x.dim(2) / heads), 0, 2, 1, 3);
  }
}
