package io.visft.core.vit;

import io.visft.api.FileFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@link EvaConfig} off a checkpoint's tensor shapes: embed_dim from {@code
 * blocks.0.attn.qkv.weight [3D, D]}, mlp_hidden_dim from {@code blocks.0.mlp.fc1.weight [H, D]},
 * patch_size from {@code patch_embed.proj.weight [D, 3, p, p]}, pos_embed_grid from {@code
 * pos_embed [1, 1+g*g, D]}, depth from the block count and final_norm from the presence of {@code
 * norm.*}. The head count and the block kind (pre- or post-norm) leave no trace in the shapes and
 * must be given; the LayerNorm epsilon is EVA's {@value EvaConfig#EVA_LAYER_NORM_EPS}.
 */
public final class EvaConfigInference {

  private EvaConfigInference() {}

  /**
   * The config whose shapes the checkpoint holds.
   *
   * @param source the checkpoint, for messages
   * @param shapes checkpoint name to shape; the backbone prefix is detected as in {@link KeyCheck}
   * @param numHeads attention heads (16 for EVA-ViT-G and EVA-ViT-E)
   * @param postNorm {@code true} for res-post-norm blocks (EVA-ViT-E)
   * @throws FileFormatException if a tensor needed is missing or has an unusable shape
   * @throws io.visft.api.ConfigException if {@code numHeads} does not divide the width read
   */
  public static EvaConfig infer(
      String source, Map<String, long[]> shapes, int numHeads, boolean postNorm) {
    BackboneKeys keys = BackboneKeys.split(source, shapes);
    Map<String, Long> dims = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    readDimensions(keys, dims, problems);
    if (!problems.isEmpty()) {
      throw new FileFormatException(
          "Cannot infer the EVA config of checkpoint "
              + source
              + " (backbone prefix \""
              + keys.prefix()
              + "\"): "
              + String.join("; ", problems)
              + ". Check that it is an EVA checkpoint in the timm Eva layout, or give the config explicitly.");
    }
    return new EvaConfig(
        Math.toIntExact(dims.get("embed_dim")),
        keys.blockCount(),
        numHeads,
        Math.toIntExact(dims.get("mlp_hidden_dim")),
        Math.toIntExact(dims.get("patch_size")),
        Math.toIntExact(dims.get("pos_embed_grid")),
        postNorm,
        EvaConfig.EVA_LAYER_NORM_EPS,
        keys.hasFinalNorm());
  }

  /**
   * Reads every dimension the shapes reveal into {@code dims} (JSON key to value) and describes
   * each one that cannot be read in {@code problems}.
   */
  static void readDimensions(BackboneKeys keys, Map<String, Long> dims, List<String> problems) {
    Map<String, long[]> backbone = keys.backbone();
    long[] qkv = backbone.get(EvaParam.QKV_WEIGHT.key(0));
    if (qkv != null && qkv.length == 2 && qkv[1] > 0 && qkv[0] == 3 * qkv[1]) {
      dims.put("embed_dim", qkv[1]);
    } else {
      problems.add(unusable(EvaParam.QKV_WEIGHT.key(0), qkv, "[3D, D]"));
    }
    long[] fc1 = backbone.get(EvaParam.FC1_WEIGHT.key(0));
    if (fc1 != null && fc1.length == 2 && fc1[0] > 0) {
      dims.put("mlp_hidden_dim", fc1[0]);
    } else {
      problems.add(unusable(EvaParam.FC1_WEIGHT.key(0), fc1, "[H, D]"));
    }
    long[] patch = backbone.get(EvaParam.PATCH_EMBED_WEIGHT.key());
    if (patch != null
        && patch.length == 4
        && patch[1] == 3
        && patch[2] > 0
        && patch[2] == patch[3]) {
      dims.put("patch_size", patch[2]);
    } else {
      problems.add(unusable(EvaParam.PATCH_EMBED_WEIGHT.key(), patch, "[D, 3, p, p]"));
    }
    long[] pos = backbone.get(EvaParam.POS_EMBED.key());
    long grid = pos != null && pos.length == 3 && pos[0] == 1 ? exactSquareRoot(pos[1] - 1) : 0;
    if (grid > 0) {
      dims.put("pos_embed_grid", grid);
    } else {
      problems.add(unusable(EvaParam.POS_EMBED.key(), pos, "[1, 1+g*g, D]"));
    }
    if (keys.blockCount() == 0) {
      problems.add("no blocks.<i>.* tensors");
    }
  }

  private static String unusable(String name, long[] shape, String expected) {
    return shape == null
        ? name + " is missing"
        : name + " has shape " + Arrays.toString(shape) + ", expected " + expected;
  }

  /** The positive integer whose square is {@code n}, or 0 if there is none. */
  private static long exactSquareRoot(long n) {
    if (n <= 0) {
      return 0;
    }
    long root = Math.round(Math.sqrt((double) n));
    return root * root == n ? root : 0;
  }
}
