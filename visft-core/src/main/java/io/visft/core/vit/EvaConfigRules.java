package io.visft.core.vit;

import io.visft.api.ConfigException;

/** The validation rules of {@link EvaConfig}, each failing with field, value, rule and fix. */
final class EvaConfigRules {

  private EvaConfigRules() {}

  static void validate(
      int embedDim,
      int depth,
      int numHeads,
      int mlpHiddenDim,
      int patchSize,
      int posEmbedGrid,
      double layerNormEps) {
    requirePositive(
        "embed_dim",
        embedDim,
        "set it to the token width, e.g. 1408 (eva-vit-g-14) or 1792 (eva-vit-e-14)");
    requirePositive(
        "depth",
        depth,
        "set it to the number of transformer blocks, e.g. 40 (eva-vit-g-14), 64 (eva-vit-e-14) or 39 (LAVIS eva_vit_g.pth)");
    requirePositive("num_heads", numHeads, "EVA backbones use 16 heads");
    if (embedDim % numHeads != 0) {
      int lower = embedDim / numHeads * numHeads;
      String nearest = lower == 0 ? String.valueOf(numHeads) : lower + " or " + (lower + numHeads);
      throw invalid(
          "num_heads",
          numHeads,
          "it must divide embed_dim = "
              + embedDim
              + " (the head width would be "
              + ((double) embedDim / numHeads)
              + ")",
          "use an embed_dim that is a multiple of "
              + numHeads
              + " such as "
              + nearest
              + ", or a num_heads that divides "
              + embedDim);
    }
    requirePositive(
        "mlp_hidden_dim",
        mlpHiddenDim,
        "set it to the MLP width, e.g. 6144 (eva-vit-g-14) or 15360 (eva-vit-e-14)");
    requirePositive("patch_size", patchSize, "EVA backbones use 14-pixel patches");
    requirePositive(
        "pos_embed_grid",
        posEmbedGrid,
        "set it to the side of the learned position grid: pos_embed [1, 1+g*g, D] gives g (16 for EVA)");
    if (!(layerNormEps > 0 && layerNormEps < 1)) {
      throw invalid(
          "layer_norm_eps",
          layerNormEps,
          "it must be a finite number in (0, 1)",
          "EVA backbones use 1e-6");
    }
  }

  /**
   * {@code size / patch}, the number of patches along one side of an image.
   *
   * @param side what {@code size} measures, for the message ("image height")
   */
  static int patchCount(String side, int size, int patch) {
    if (size <= 0) {
      throw invalid(
          "input image",
          side,
          size,
          "it must be positive",
          "use a positive multiple of the patch size " + patch + ", such as " + (16 * patch));
    }
    if (size % patch != 0) {
      int lower = size / patch * patch;
      int upper = lower + patch;
      String nearest = lower == 0 ? String.valueOf(upper) : lower + " or " + upper;
      throw invalid(
          "input image",
          side,
          size,
          "it must be a multiple of the patch size " + patch,
          "resize or crop the image to " + nearest + " pixels");
    }
    return size / patch;
  }

  private static void requirePositive(String field, int value, String fix) {
    if (value <= 0) {
      throw invalid(field, value, "it must be positive", fix);
    }
  }

  private static ConfigException invalid(String field, Object value, String rule, String fix) {
    return invalid("EVA config", field, value, rule, fix);
  }

  private static ConfigException invalid(
      String subject, String field, Object value, String rule, String fix) {
    return new ConfigException(
        "Invalid " + subject + ": " + field + " = " + value + "; " + rule + ". Fix: " + fix + ".");
  }
}
