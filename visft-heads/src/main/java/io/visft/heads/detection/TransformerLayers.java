package io.visft.heads.detection;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.FeedForward;
import io.visft.core.nn.LayerNorm;
import io.visft.core.nn.Linear;
import io.visft.core.nn.MultiHeadAttention;
import java.util.Map;

/**
 * DETR's post-norm encoder and decoder layers (the {@code forward_post} order) as graph composites,
 * on batch-first tensors {@code [B, N, d]}. Dropout sites sit where DETR's are: on the attention
 * weights, on each residual branch and on the feed-forward hidden layer. LayerNorm epsilon is
 * PyTorch's default, {@value LayerNorm#TORCH_EPS}. Attention ignores padded keys with the masking
 * of {@link MultiHeadAttention}.
 */
final class TransformerLayers {

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
        attention(
            o,
            heads,
            prefix + DetectionParameters.SELF_ATTENTION,
            queryKey,
            queryKey,
            src,
            MultiHeadAttention.keyPadding(o, padding),
            p,
            dropout);
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
        attention(
            o,
            heads,
            prefix + DetectionParameters.SELF_ATTENTION,
            queryKey,
            queryKey,
            tgt,
            null,
            p,
            dropout);
    Value x = norm(o, o.add(tgt, dropout.apply(o, selfAttended)), p, prefix + "norm1.");
    Value crossAttended =
        attention(
            o,
            heads,
            prefix + DetectionParameters.CROSS_ATTENTION,
            o.add(x, queryPos),
            o.add(memory, pos),
            memory,
            MultiHeadAttention.keyPadding(o, padding),
            p,
            dropout);
    x = norm(o, o.add(x, dropout.apply(o, crossAttended)), p, prefix + "norm2.");
    return norm(
        o, o.add(x, dropout.apply(o, feedForward(o, x, p, prefix, dropout))), p, prefix + "norm3.");
  }

  /** The attention module under {@code prefix}, with dropout on its attention weights. */
  private static Value attention(
      Ops o,
      int heads,
      String prefix,
      Value query,
      Value key,
      Value value,
      Value mask,
      Map<String, Value> p,
      DropoutSites dropout) {
    return MultiHeadAttention.apply(
        o,
        heads,
        MultiHeadAttention.Weights.named(p::get, prefix),
        query,
        key,
        value,
        mask,
        weights -> dropout.apply(o, weights));
  }

  /** {@code linear2(dropout(relu(linear1(x))))}. */
  private static Value feedForward(
      Ops o, Value x, Map<String, Value> p, String prefix, DropoutSites dropout) {
    FeedForward ffn =
        new FeedForward(
            p.get(prefix + "linear1.weight"),
            p.get(prefix + "linear1.bias"),
            p.get(prefix + "linear2.weight"),
            p.get(prefix + "linear2.bias"));
    return ffn.apply(o, x, hidden -> dropout.apply(o, o.relu(hidden)));
  }

  /** The linear layer named {@code prefix + "weight"} and {@code prefix + "bias"}. */
  static Value linear(Ops o, Value x, Map<String, Value> p, String prefix) {
    return Linear.apply(o, x, p.get(prefix + "weight"), p.get(prefix + "bias"));
  }

  /** The LayerNorm named {@code prefix + "weight"} and {@code prefix + "bias"}. */
  static Value norm(Ops o, Value x, Map<String, Value> p, String prefix) {
    return LayerNorm.apply(
        o, x, p.get(prefix + "weight"), p.get(prefix + "bias"), LayerNorm.TORCH_EPS);
  }
}
