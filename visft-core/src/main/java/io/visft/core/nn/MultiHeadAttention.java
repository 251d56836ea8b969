package io.visft.core.nn;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Scaled dot-product multi-head attention, and {@code torch.nn.MultiheadAttention} (batch first)
 * built on it.
 *
 * <p>Masking: a BOOL mask, {@code true} where a query may not look at a key, replaces those scores
 * with the finite {@value #MASKED_SCORE} before the softmax. Where a query can see at least one key
 * this equals PyTorch's {@code −∞} exactly in F32 ({@code exp} underflows to 0, and so do the
 * gradients of the masked scores); a query that sees no key gets a uniform average instead of
 * PyTorch's NaN, and no gradient path meets an infinity.
 */
public final class MultiHeadAttention {

  /** The score given to a masked query–key pair. */
  public static final double MASKED_SCORE = -1e9;

  private MultiHeadAttention() {}

  /**
   * The parameters of {@code torch.nn.MultiheadAttention} with equal query, key and value widths.
   *
   * @param inProjWeight {@code in_proj_weight}, {@code [3d, d]}: the q, k and v projections stacked
   * @param inProjBias {@code in_proj_bias}, {@code [3d]}
   * @param outProjWeight {@code out_proj.weight}, {@code [d, d]}
   * @param outProjBias {@code out_proj.bias}, {@code [d]}
   */
  public record Weights(
      Value inProjWeight, Value inProjBias, Value outProjWeight, Value outProjBias) {

    /**
     * The weights of the module whose checkpoint names start with {@code prefix} (ending with a
     * dot, e.g. {@code layers.0.self_attn.}).
     */
    public static Weights named(Function<String, Value> param, String prefix) {
      return new Weights(
          param.apply(prefix + "in_proj_weight"),
          param.apply(prefix + "in_proj_bias"),
          param.apply(prefix + "out_proj.weight"),
          param.apply(prefix + "out_proj.bias"));
    }
  }

  /**
   * {@code torch.nn.MultiheadAttention(d, heads, batch_first=True)}: the q, k, v projections,
   * {@link #attend} per head, and the output projection.
   *
   * @param query {@code [B, Nq, d]}
   * @param key {@code [B, Nk, d]}
   * @param value {@code [B, Nk, d]}
   * @param mask BOOL broadcastable to {@code [B, heads, Nq, Nk]} ({@link #keyPadding}, {@link
   *     #perQuery}), or {@code null}
   * @param weightDropout applied to the attention weights {@code [B, heads, Nq, Nk]}
   * @return {@code [B, Nq, d]}
   */
  public static Value apply(
      Ops o,
      int heads,
      Weights w,
      Value query,
      Value key,
      Value value,
      Value mask,
      UnaryOperator<Value> weightDropout) {
    long d = query.dim(2);
    if (d % heads != 0) {
      throw new IllegalArgumentException(
          "attention width " + d + " is not divisible by " + heads + " heads");
    }
    Value q = splitHeads(o, projection(o, query, w, 0), heads);
    Value k = splitHeads(o, projection(o, key, w, 1), heads);
    Value v = splitHeads(o, projection(o, value, w, 2), heads);
    Value context = attend(o, q, k, v, mask, weightDropout);
    Value merged = o.reshape(o.transpose(context, 0, 2, 1, 3), query.dim(0), query.dim(1), d);
    return Linear.apply(o, merged, w.outProjWeight(), w.outProjBias());
  }

  /**
   * {@code dropout(softmax(mask(q kᵀ / sqrt(dh)))) v}, per batch and head.
   *
   * @param q {@code [B, heads, Nq, dh]}
   * @param k {@code [B, heads, Nk, dh]}
   * @param v {@code [B, heads, Nk, dh]}
   * @param mask BOOL broadcastable to {@code [B, heads, Nq, Nk]}, true = masked, or {@code null}
   * @param weightDropout applied to the attention weights
   * @return {@code [B, heads, Nq, dh]}
   */
  public static Value attend(
      Ops o, Value q, Value k, Value v, Value mask, UnaryOperator<Value> weightDropout) {
    Value scaled = o.mul(q, o.scalarLike(q, 1 / Math.sqrt(q.dim(-1))));
    Value scores = o.matmul(scaled, o.transpose(k, 0, 1, 3, 2));
    if (mask != null) {
      scores = o.where(mask, o.scalarLike(scores, MASKED_SCORE), scores);
    }
    return o.matmul(weightDropout.apply(o.softmax(scores, -1)), v);
  }

  /**
   * A key padding mask as an attention mask.
   *
   * @param padding BOOL {@code [B, Nk]}, true for keys to ignore
   * @return BOOL {@code [B, 1, 1, Nk]}
   */
  public static Value keyPadding(Ops o, Value padding) {
    return o.reshape(padding, padding.dim(0), 1, 1, padding.dim(1));
  }

  /**
   * A per-query mask shared by all heads as an attention mask.
   *
   * @param masked BOOL {@code [B, Nq, Nk]}, true where the query may not look at the key
   * @return BOOL {@code [B, 1, Nq, Nk]}
   */
  public static Value perQuery(Ops o, Value masked) {
    return o.unsqueeze(masked, 1);
  }

  /** {@code x Wᵀ + b} with the {@code part}-th (q, k, v) row block of the packed projection. */
  private static Value projection(Ops o, Value x, Weights w, int part) {
    long d = x.dim(2);
    return Linear.apply(
        o,
        x,
        o.slice(w.inProjWeight(), 0, part * d, (part + 1) * d),
        o.slice(w.inProjBias(), 0, part * d, (part + 1) * d));
  }

  /** {@code [B, N, d]} to {@code [B, heads, N, d / heads]}. */
  private static Value splitHeads(Ops o, Value x, int heads) {
    return o.transpose(o.reshape(x, x.dim(0), x.dim(1), heads, x.dim(2) / heads), 0, 2, 1, 3);
  }
}
