package io.visft.core.vit;

import io.visft.api.ConfigException;
import io.visft.api.HostTensor;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Architecture of an EVA Vision Transformer backbone (timm {@code Eva} parameter layout).
 *
 * <p>The JSON keys of {@link #fromJson(Path)} and of every validation message are the snake_case
 * forms of the components: {@code embed_dim, depth, num_heads, mlp_hidden_dim, patch_size,
 * pos_embed_grid, post_norm, layer_norm_eps, final_norm}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param embedDim token width D; the output map is {@code [batch, D, H/patch, W/patch]}
 * @param depth number of transformer blocks
 * @param numHeads attention heads; must divide {@code embedDim}
 * @param mlpHiddenDim hidden width of each block's MLP (exact GELU)
 * @param patchSize side of the square patches, in pixels
 * @param posEmbedGrid side g of the learned position grid; {@code pos_embed} is {@code [1, 1+g*g,
 *     D]} (a cls slot, then the grid, which is resized bicubically to the actual patch grid)
 * @param postNorm {@code true} for EVA-E res-post-norm blocks ({@code x + LN(attn(x))}), {@code
 *     false} for pre-norm blocks ({@code x + attn(LN(x))})
 * @param layerNormEps epsilon of every LayerNorm, in (0, 1)
 * @param finalNorm whether a LayerNorm follows the last block ({@code false} for LAVIS {@code
 *     eva_vit_g.pth})
 */
public record EvaConfig(
    int embedDim,
    int depth,
    int numHeads,
    int mlpHiddenDim,
    int patchSize,
    int posEmbedGrid,
    boolean postNorm,
    double layerNormEps,
    boolean finalNorm) {

  /** Preset name of EVA-ViT-G/14: 1408 wide, 40 pre-norm blocks, 16 heads, MLP 6144. */
  public static final String EVA_VIT_G_14 = "eva-vit-g-14";

  /** Preset name of EVA-ViT-E/14: 1792 wide, 64 res-post-norm blocks, 16 heads, MLP 15360. */
  public static final String EVA_VIT_E_14 = "eva-vit-e-14";

  /** LayerNorm epsilon shared by every EVA backbone. */
  public static final double EVA_LAYER_NORM_EPS = 1e-6;

  private static final Map<String, EvaConfig> PRESETS =
      Map.of(EVA_VIT_G_14, evaVitG14(), EVA_VIT_E_14, evaVitE14());

  /**
   * Validates every field; a violation throws {@link ConfigException} naming field, value, rule and
   * fix.
   */
  public EvaConfig {
    EvaConfigRules.validate(
        embedDim, depth, numHeads, mlpHiddenDim, patchSize, posEmbedGrid, layerNormEps);
  }

  /** A config with a final LayerNorm (the timm and EVA-CLIP layout). */
  public EvaConfig(
      int embedDim,
      int depth,
      int numHeads,
      int mlpHiddenDim,
      int patchSize,
      int posEmbedGrid,
      boolean postNorm,
      double layerNormEps) {
    this(
        embedDim,
        depth,
        numHeads,
        mlpHiddenDim,
        patchSize,
        posEmbedGrid,
        postNorm,
        layerNormEps,
        true);
  }

  /**
   * EVA-ViT-G/14 as used by ViSFT: 1408 / 40 blocks / 16 heads / MLP 6144 / patch 14 / grid 16,
   * pre-norm.
   */
  public static EvaConfig evaVitG14() {
    return new EvaConfig(1408, 40, 16, 6144, 14, 16, false, EVA_LAYER_NORM_EPS);
  }

  /** EVA-ViT-E/14: 1792 / 64 blocks / 16 heads / MLP 15360 / patch 14 / grid 16, res-post-norm. */
  public static EvaConfig evaVitE14() {
    return new EvaConfig(1792, 64, 16, 15360, 14, 16, true, EVA_LAYER_NORM_EPS);
  }

  /** The preset names accepted by {@link #preset(String)}, sorted. */
  public static List<String> presetNames() {
    return PRESETS.keySet().stream().sorted().toList();
  }

  /**
   * The named preset.
   *
   * @throws ConfigException if {@code name} is not one of {@link #presetNames()}; the message lists
   *     them
   */
  public static EvaConfig preset(String name) {
    EvaConfig config = PRESETS.get(name);
    if (config == null) {
      throw new ConfigException(
          "Unknown EVA preset \""
              + name
              + "\"; expected one of "
              + presetNames()
              + ", or a path to a JSON config file (EvaConfig.fromJson).");
    }
    return config;
  }

  /**
   * Reads a config from a JSON object with the keys {@code embed_dim, depth, num_heads,
   * mlp_hidden_dim, patch_size, pos_embed_grid, post_norm, layer_norm_eps} and, optionally, {@code
   * final_norm} (default {@code true}).
   *
   * @throws ConfigException if the file cannot be read, a key is missing, unknown or of the wrong
   *     type, or a value breaks a rule
   * @throws io.visft.api.FileFormatException if the file is not valid JSON
   */
  public static EvaConfig fromJson(Path file) {
    return EvaConfigJson.read(file);
  }

  /** Writes this config as a JSON file that {@link #fromJson} reads back. */
  public void writeJson(Path file) {
    EvaConfigJson.write(this, file);
  }

  /**
   * A preset if {@code presetOrPath} names one, otherwise the JSON file at that path.
   *
   * @throws ConfigException if it is neither a preset nor an existing file; the message lists the
   *     presets
   */
  public static EvaConfig resolve(String presetOrPath) {
    if (PRESETS.containsKey(presetOrPath)) {
      return PRESETS.get(presetOrPath);
    }
    Path file;
    try {
      file = Path.of(presetOrPath);
    } catch (InvalidPathException e) {
      throw notPresetNorFile(presetOrPath, e);
    }
    if (!Files.isRegularFile(file)) {
      throw notPresetNorFile(presetOrPath, null);
    }
    return fromJson(file);
  }

  private static ConfigException notPresetNorFile(String presetOrPath, Exception cause) {
    return new ConfigException(
        "EVA config \""
            + presetOrPath
            + "\" is neither a preset nor an existing file; use one of "
            + presetNames()
            + " or the path to a JSON config file.",
        cause);
  }

  /** Width of one attention head: {@code embedDim / numHeads}. */
  public int headDim() {
    return embedDim / numHeads;
  }

  /**
   * Number of backbone parameters in the timm layout (patch embedding, position embedding, blocks,
   * final norm if present); the cls token and classifier head are not counted.
   */
  public long parameterCount() {
    return EvaWeightNames.expectedShapes(this).values().stream().mapToLong(HostTensor::numel).sum();
  }

  /**
   * The patch grid of an image of {@code height x width} pixels.
   *
   * @throws ConfigException if a side is not positive or not a multiple of {@link #patchSize()};
   *     the message suggests the nearest valid sizes
   */
  public PatchGrid patchGrid(int height, int width) {
    return new PatchGrid(
        EvaConfigRules.patchCount("image height", height, patchSize),
        EvaConfigRules.patchCount("image width", width, patchSize));
  }

  /** This config with another depth (for example 39 for LAVIS {@code eva_vit_g.pth}). */
  public EvaConfig withDepth(int newDepth) {
    return new EvaConfig(
        embedDim,
        newDepth,
        numHeads,
        mlpHiddenDim,
        patchSize,
        posEmbedGrid,
        postNorm,
        layerNormEps,
        finalNorm);
  }

  /** This config with or without the final LayerNorm. */
  public EvaConfig withFinalNorm(boolean newFinalNorm) {
    return new EvaConfig(
        embedDim,
        depth,
        numHeads,
        mlpHiddenDim,
        patchSize,
        posEmbedGrid,
        postNorm,
        layerNormEps,
        newFinalNorm);
  }
}
