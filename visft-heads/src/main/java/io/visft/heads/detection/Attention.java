package io.visft.heads.detection;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.vit.LinearLayer;
import java.util.Map;

/**
 * Multi-head attention with the semantics of {@code torch.nn.MultiheadAttention} (batch first
 * here): separate query, key and value inputs projected by the row blocks {@code q, k, v} of the
 * fused {@code in_proj_weight [3d, d]} and {@code in_proj_bias [3d]}, scaled dot products per head,
 * key padding as {@code −∞} before the softmax, dropout on the attention weights, and the output
 * projection {@code out_proj}.
 *
 * @param heads number of heads; the width must be divisible by it
 * @param prefix checkpoint name prefix of the module, ending with a dot (e.g. {@code
 *     ...layers.0.self_attn.})
 */
record Attention(int heads, String prefix) {

  /**
   * @param query {@code [B, Nq, d]}
   * @param key {@code [B, Nk, d]}
   * @param value {@code [B, Nk, d]}
   * @param keyPadding BOOL {@code [B, Nk]} (true = ignore that key), or null
   * @param params the head's parameters by checkpoint name
   * @return {@code [B, Nq, d]}
   */
  Value apply(
      Ops o,
      Value query,
      Value key,
      Value value,
      Value keyPadding,
      Map<String, Value> params,
      DropoutSites dropout) {
    long b = query.dim(0);
    long nq = query.dim(1);
    long nk = key.dim(1);
    long d = query.dim(2);
    Value weight = params.get(prefix + "in_proj_weight");
    Value bias = params.get(prefix + "in_proj_bias");
    Value q = project(o, query, o.slice(weight, 0, 0, d), o.slice(bias, 0, 0, d));
    Value k = project(o, key, o.slice(weight, 0, d, 2 * d), o.slice(bias, 0, d, 2 * d));
    Value v = project(o, value, o.slice(weight, 0, 2 * d, 3 * d), o.slice(bias, 0, 2 * d, 3 * d));
    long hd = d / heads;
    q = o.div(q, o.scalarLike(q, Math.sqrt(hd)));
    Value scores = o.matmul(q, o.transpose(k, 0, 1, 3, 2));
    if (keyPadding != null) {
      Value ignored = o.reshape(keyPadding, b, 1, 1, nk);
      scores = o.where(ignored, o.scalarLike(scores, Double.NEGATIVE_INFINITY), scores);
    }
    Value weights = dropout.apply(o, o.softmax(scores, -1));
    Value context = o.reshape(o.transpose(o.matmul(weights, v), 0, 2, 1, 3), b * nq, d);
    Value out =
        LinearLayer.PLAIN.apply(
            o,
            prefix + "out_proj",
            context,
            params.get(prefix + "out_proj.weight"),
            params.get(prefix + "out_proj.bias"));
    return o.reshape(out, b, nq, d);
  }

  /** {@code [B, N, d] → [B, heads, N, d / heads]} after {@code x Wᵀ + b}. */
  private Value project(Ops o, Value x, Value weight, Value bias) {
    long b = x.dim(0);
    long n = x.dim(1);
    long d = x.dim(2);
    Value flat =
        LinearLayer.PLAIN.apply(o, prefix + "in_proj", o.reshape(x, b * n, d), weight, bias);
    return o.transpose(o.reshape(flat, b, n, heads, d / heads), 0, 2, 1, 3);
  }
}
