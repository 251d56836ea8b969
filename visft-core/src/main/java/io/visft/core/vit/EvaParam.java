package io.visft.core.vit;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Every parameter of an EVA backbone in the timm {@code Eva} layout: its name and its shape as a
 * function of the config. D = {@code embedDim}, H = {@code mlpHiddenDim}, p = {@code patchSize}, g
 * = {@code posEmbedGrid}.
 *
 * <p>Block parameters are named {@code blocks.{i}.<suffix>}; the others are named by their suffix
 * alone. The final norm exists only when {@link EvaConfig#finalNorm()} is set.
 */
public enum EvaParam {
  /** Patch projection (a p×p stride-p convolution), {@code [D, 3, p, p]}. */
  PATCH_EMBED_WEIGHT(
      Scope.STEM,
      "patch_embed.proj.weight",
      c -> shape(c.embedDim(), 3, c.patchSize(), c.patchSize())),
  /** Patch projection bias, {@code [D]}. */
  PATCH_EMBED_BIAS(Scope.STEM, "patch_embed.proj.bias", c -> shape(c.embedDim())),
  /** Learned positions: a cls slot then the g×g grid, row-major, {@code [1, 1+g*g, D]}. */
  POS_EMBED(
      Scope.STEM,
      "pos_embed",
      c -> shape(1, 1 + (long) c.posEmbedGrid() * c.posEmbedGrid(), c.embedDim())),
  /** First LayerNorm scale, {@code [D]}. */
  NORM1_WEIGHT(Scope.BLOCK, "norm1.weight", c -> shape(c.embedDim())),
  /** First LayerNorm shift, {@code [D]}. */
  NORM1_BIAS(Scope.BLOCK, "norm1.bias", c -> shape(c.embedDim())),
  /** Fused q, k, v projection (rows q, then k, then v), no bias, {@code [3D, D]}. */
  QKV_WEIGHT(Scope.BLOCK, "attn.qkv.weight", c -> shape(3L * c.embedDim(), c.embedDim())),
  /** Query bias (the key bias is zero), {@code [D]}. */
  Q_BIAS(Scope.BLOCK, "attn.q_bias", c -> shape(c.embedDim())),
  /** Value bias, {@code [D]}. */
  V_BIAS(Scope.BLOCK, "attn.v_bias", c -> shape(c.embedDim())),
  /** Attention output projection, {@code [D, D]}. */
  PROJ_WEIGHT(Scope.BLOCK, "attn.proj.weight", c -> shape(c.embedDim(), c.embedDim())),
  /** Attention output bias, {@code [D]}. */
  PROJ_BIAS(Scope.BLOCK, "attn.proj.bias", c -> shape(c.embedDim())),
  /** Second LayerNorm scale, {@code [D]}. */
  NORM2_WEIGHT(Scope.BLOCK, "norm2.weight", c -> shape(c.embedDim())),
  /** Second LayerNorm shift, {@code [D]}. */
  NORM2_BIAS(Scope.BLOCK, "norm2.bias", c -> shape(c.embedDim())),
  /** MLP input projection, {@code [H, D]}. */
  FC1_WEIGHT(Scope.BLOCK, "mlp.fc1.weight", c -> shape(c.mlpHiddenDim(), c.embedDim())),
  /** MLP input bias, {@code [H]}. */
  FC1_BIAS(Scope.BLOCK, "mlp.fc1.bias", c -> shape(c.mlpHiddenDim())),
  /** MLP output projection, {@code [D, H]}. */
  FC2_WEIGHT(Scope.BLOCK, "mlp.fc2.weight", c -> shape(c.embedDim(), c.mlpHiddenDim())),
  /** MLP output bias, {@code [D]}. */
  FC2_BIAS(Scope.BLOCK, "mlp.fc2.bias", c -> shape(c.embedDim())),
  /** Final LayerNorm scale, {@code [D]}; absent without a final norm. */
  FINAL_NORM_WEIGHT(Scope.FINAL_NORM, "norm.weight", c -> shape(c.embedDim())),
  /** Final LayerNorm shift, {@code [D]}; absent without a final norm. */
  FINAL_NORM_BIAS(Scope.FINAL_NORM, "norm.bias", c -> shape(c.embedDim()));

  /** Where a parameter lives. */
  public enum Scope {
    /** Once, before the blocks. */
    STEM,
    /** Once per block. */
    BLOCK,
    /** Once, after the blocks, only when the config has a final norm. */
    FINAL_NORM
  }

  private final Scope scope;
  private final String suffix;
  private final Function<EvaConfig, long[]> shapeRule;

  EvaParam(Scope scope, String suffix, Function<EvaConfig, long[]> shapeRule) {
    this.scope = scope;
    this.suffix = suffix;
    this.shapeRule = shapeRule;
  }

  /** The parameters of one scope, in declaration (module) order. */
  public static List<EvaParam> inScope(Scope scope) {
    return Arrays.stream(values()).filter(p -> p.scope == scope).toList();
  }

  /** Where this parameter lives. */
  public Scope scope() {
    return scope;
  }

  /** The name, for a stem or final-norm parameter ({@code "pos_embed"}). */
  public String key() {
    Preconditions.checkState(
        scope != Scope.BLOCK, "%s is a block parameter: use key(blockIndex)", this);
    return suffix;
  }

  /** The name in block {@code block} ({@code "blocks.3.attn.qkv.weight"}). */
  public String key(int block) {
    Preconditions.checkState(scope == Scope.BLOCK, "%s is not a block parameter: use key()", this);
    Preconditions.checkArgument(block >= 0, "block index %s must not be negative", block);
    return "blocks." + block + "." + suffix;
  }

  /** The shape this parameter has under {@code config} (a fresh array). */
  public long[] shape(EvaConfig config) {
    return shapeRule.apply(config);
  }

  private static long[] shape(long... dims) {
    return dims;
  }
}
