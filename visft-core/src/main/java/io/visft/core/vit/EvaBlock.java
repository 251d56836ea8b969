package io.visft.core.vit;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.LayerNorm;
import io.visft.core.nn.MultiHeadAttention;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One EVA transformer block as a graph: fused {@code qkv} without bias plus learned {@code
 * q_bias}/{@code v_bias} (k bias zero), softmax attention, exact-GELU MLP, and either pre-norm
 * ({@code x + attn(LN1(x))}, EVA-G) or res-post-norm ({@code x + LN1(attn(x))}, EVA-E).
 *
 * @param prefix timm name prefix, e.g. {@code blocks.3}
 * @param dim embedding width D
 * @param heads attention heads
 * @param mlpHidden MLP hidden width
 * @param postNorm true for res-post-norm blocks
 * @param eps LayerNorm epsilon
 */
public record EvaBlock(
    String prefix, int dim, int heads, int mlpHidden, boolean postNorm, float eps) {

  /**
   * @param x {@code [B, N, D]}
   * @param param resolves a parameter name (relative to the prefix, e.g. {@code attn.qkv.weight})
   *     to its graph value
   * @return {@code [B, N, D]}
   */
  public Value apply(Ops o, Value x, Function<String, Value> param, LinearLayer linear) {
    return o.graph()
        .inScope(
            prefix,
            () -> {
              Value norm1W = param.apply("norm1.weight");
              Value norm1B = param.apply("norm1.bias");
              Value norm2W = param.apply("norm2.weight");
              Value norm2B = param.apply("norm2.bias");
              Value h;
              if (postNorm) {
                h =
                    o.add(
                        x, LayerNorm.apply(o, attention(o, x, param, linear), norm1W, norm1B, eps));
                return o.add(h, LayerNorm.apply(o, mlp(o, h, param, linear), norm2W, norm2B, eps));
              }
              h = o.add(x, attention(o, LayerNorm.apply(o, x, norm1W, norm1B, eps), param, linear));
              return o.add(h, mlp(o, LayerNorm.apply(o, h, norm2W, norm2B, eps), param, linear));
            });
  }

  // Reshapes infer the batch axis (-1) instead of naming it, so that an export can leave it
  // symbolic.
  private Value attention(Ops o, Value x, Function<String, Value> param, LinearLayer linear) {
    long n = x.dim(1);
    long hd = dim / heads;
    Value qkvBias =
        o.concat(
            0,
            param.apply("attn.q_bias"),
            o.zeros(param.apply("attn.q_bias").type()),
            param.apply("attn.v_bias"));
    Value qkv =
        linear.apply(
            o,
            prefix + ".attn.qkv",
            o.reshape(x, -1, dim),
            param.apply("attn.qkv.weight"),
            qkvBias);
    Value split = o.transpose(o.reshape(qkv, -1, n, 3, heads, hd), 2, 0, 3, 1, 4);
    java.util.List<Value> parts = o.split(split, 0, 1, 1, 1);
    Value attended =
        MultiHeadAttention.attend(
            o,
            o.squeeze(parts.get(0), 0),
            o.squeeze(parts.get(1), 0),
            o.squeeze(parts.get(2), 0),
            null,
            UnaryOperator.identity());
    Value ctx = o.reshape(o.transpose(attended, 0, 2, 1, 3), -1, dim);
    Value out =
        linear.apply(
            o,
            prefix + ".attn.proj",
            ctx,
            param.apply("attn.proj.weight"),
            param.apply("attn.proj.bias"));
    return o.reshape(out, -1, n, dim);
  }

  private Value mlp(Ops o, Value x, Function<String, Value> param, LinearLayer linear) {
    long n = x.dim(1);
    Value hidden =
        linear.apply(
            o,
            prefix + ".mlp.fc1",
            o.reshape(x, -1, dim),
            param.apply("mlp.fc1.weight"),
            param.apply("mlp.fc1.bias"));
    Value out =
        linear.apply(
            o,
            prefix + ".mlp.fc2",
            o.gelu(hidden),
            param.apply("mlp.fc2.weight"),
            param.apply("mlp.fc2.bias"));
    return o.reshape(out, -1, n, dim);
  }
}
