package io.visft.core.vit;

import io.visft.api.ConfigException;

/**
 * Sizes and block style of an EVA Vision Transformer.
 *
 * @param embedDim width D
 * @param depth number of blocks
 * @param numHeads attention heads (D divisible by it)
 * @param mlpHiddenDim MLP hidden width
 * @param patchSize patch side p (the output map is H/p × W/p)
 * @param posEmbedGrid side of the learned position-embedding grid
 * @param postNorm true for EVA-E res-post-norm blocks, false for pre-norm
 * @param layerNormEps LayerNorm epsilon
 * @param finalNorm whether a final LayerNorm ({@code norm.*}) follows the blocks
 */
public record EvaConfig(int embedDim, int depth, int numHeads, int mlpHiddenDim, int patchSize, int posEmbedGrid,
    boolean postNorm, double layerNormEps, boolean finalNorm) {

  public EvaConfig {
    positive("embed_dim", embedDim);
    positive("depth", depth);
    positive("num_heads", numHeads);
    positive("mlp_hidden_dim", mlpHiddenDim);
    positive("patch_size", patchSize);
    positive("pos_embed_grid", posEmbedGrid);
    if (embedDim % numHeads != 0) {
      throw new ConfigException("embed_dim = " + embedDim + " is not divisible by num_heads = " + numHeads
          + "; choose sizes with an integer head dimension");
    }
    if (!(layerNormEps > 0 && layerNormEps < 1)) {
      throw new ConfigException("layer_norm_eps = " + layerNormEps + " must be in (0, 1); EVA uses 1e-6");
    }
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new ConfigException(field + " = " + value + " must be a positive integer");
    }
  }

  /** Width of one attention head. */
  public int headDim() {
    return embedDim / numHeads;
  }

  /**
   * The patch grid {@code [H/p, W/p]} of an input.
   *
   * @throws ConfigException when a side is not a positive multiple of the patch size
   */
  public int[] patchGrid(int height, int width) {
    for (int side : new int[] {height, width}) {
      if (side < patchSize || side % patchSize != 0) {
        int lower = Math.max(patchSize, side / patchSize * patchSize);
        throw new ConfigException("input size " + height + "x" + width + " is not a multiple of the patch size "
            + patchSize + "; resize or pad to e.g. " + lower + " or " + (lower + patchSize));
      }
    }
    return new int[] {height / patchSize, width / patchSize};
  }
}
