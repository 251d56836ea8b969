package io.visft.heads.detection;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.vit.LinearLayer;
import java.util.Map;

/**
 * DETR's post-norm encoder and decoder layers (the {@code forward_post} order) as graph composites,
 * on batch-first tensors {@code [B, N, d]}. Dropout sites sit where DETR's are: on the attention
 * weights, on each residual branch and on the feed-forward hidden layer. LayerNorm epsilon is
 * PyTorch's default, {@value #LAYER_NORM_EPS}.
 */
final class TransformerLayers {

  static final float LAYER_NORM_EPS = 1e-5f;

  private TransformerLayers() {}

  /**
   * {@code src = norm1(src + attn(src + pos, src + pos, src))}, then {@code src = norm2(src +
   * linear2(relu(linear1(src))))}.
   *
   * @param prefix checkpoint prefix of the layer, ending with a dot
   * @param src {@code [B, N, d]}
   * @param pos {@code [B, N, d]}, added to queries and keys only
   * @param padding BOOL {@code [B, N]}, true for padded keys
   */
  static Value encoderLayer(
      Ops o,
      int heads,
      String prefix,
      Value src,
      Value pos,
      Value padding,
      Map<String, Value> p,
      DropoutSites dropout) {
    Value queryKey = o.add(src, pos);
    Value attended =
        new Attention(heads, prefix + DetectionParameters.SELF_ATTENTION)
            .apply(o, queryKey, queryKey, src, padding, p, dropout);
    Value x = norm(o, o.add(src, dropout.apply(o, attended)), p, prefix + "norm1.");
    return norm(
        o, o.add(x, dropout.apply(o, feedForward(o, x, p, prefix, dropout))), p, prefix + "norm2.");
  }

  /**
   * Self-attention over the queries ({@code queryPos} added to queries and keys), cross-attention
   * into the memory ({@code queryPos} on the queries, {@code pos} on the keys, padded keys
   * ignored), then the feed-forward block; each followed by a residual add and a LayerNorm.
   *
   * @param tgt {@code [B, Q, d]}
   * @param memory {@code [B, N, d]}
   * @param padding BOOL {@code [B, N]}
   * @param pos {@code [B, N, d]}
   * @param queryPos {@code [Q, d]} (broadcast over the batch)
   */
  static Value decoderLayer(
      Ops o,
      int heads,
      String prefix,
      Value tgt,
      Value memory,
      Value padding,
      Value pos,
      Value queryPos,
      Map<String, Value> p,
      DropoutSites dropout) {
    Value queryKey = o.add(tgt, queryPos);
    Value selfAttended =
        new Attention(heads, prefix + DetectionParameters.SELF_ATTENTION)
            .apply(o, queryKey, queryKey, tgt, null, p, dropout);
    Value x = norm(o, o.add(tgt, dropout.apply(o, selfAttended)), p, prefix + "norm1.");
    Value crossAttended =
        new Attention(heads, prefix + DetectionParameters.CROSS_ATTENTION)
            .apply(o, o.add(x, queryPos), o.add(memory, pos), memory, padding, p, dropout);
    x = norm(o, o.add(x, dropout.apply(o, crossAttended)), p, prefix + "norm2.");
    return norm(
        o, o.add(x, dropout.apply(o, feedForward(o, x, p, prefix, dropout))), p, prefix + "norm3.");
  }

  /** {@code linear2(dropout(relu(linear1(x))))}. */
  private static Value feedForward(
      Ops o, Value x, Map<String, Value> p, String prefix, DropoutSites dropout) {
    Value hidden = o.relu(linear(o, x, p, prefix + "linear1."));
    return linear(o, dropout.apply(o, hidden), p, prefix + "linear2.");
  }

  /**
   * {@code x Wᵀ + b} on the last axis of {@code x [..., in]}, with {@code W} and {@code b} named
   * {@code prefix + "weight"} and {@code prefix + "bias"}.
   */
  static Value linear(Ops o, Value x, Map<String, Value> p, String prefix) {
    Value weight = p.get(prefix + "weight");
    long[] shape = x.shape();
    long in = shape[shape.length - 1];
    Value flat =
        LinearLayer.PLAIN.apply(
            o, prefix, o.reshape(x, x.type().numel() / in, in), weight, p.get(prefix + "bias"));
    shape[shape.length - 1] = weight.dim(0);
    return o.reshape(flat, shape);
  }

  /** LayerNorm over the last axis with {@code prefix + "weight"} and {@code prefix + "bias"}. */
  static Value norm(Ops o, Value x, Map<String, Value> p, String prefix) {
    return o.layerNorm(x, p.get(prefix + "weight"), p.get(prefix + "bias"), -1, LAYER_NORM_EPS);
  }
}
