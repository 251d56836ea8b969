package io.visft.core.vit;

import io.visft.core.io.Capped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Writes the message of a failed {@link KeyCheck}: every problem, then how to fix it. */
final class KeyCheckReport {

  private static final int LAVIS_DEPTH = 39;

  /**
   * A listed name with its shapes is cut beyond this; real lines take under a hundred characters.
   */
  private static final int MAX_LINE_CHARS = 240;

  private KeyCheckReport() {}

  static String message(
      BackboneKeys keys,
      EvaConfig config,
      Map<String, long[]> expected,
      Map<String, long[]> found,
      List<String> missing,
      List<String> unexpected,
      List<String> mismatched,
      EvaLoadOptions options) {
    StringBuilder m =
        new StringBuilder()
            .append("Checkpoint ")
            .append(keys.source())
            .append(" (backbone prefix \"")
            .append(keys.prefix())
            .append("\") does not match ")
            .append(config)
            .append(": ")
            .append(missing.size())
            .append(" missing, ")
            .append(unexpected.size())
            .append(" unexpected, ")
            .append(mismatched.size())
            .append(" shape mismatches.");
    section(
        m, "Missing", missing, name -> name + " " + shape(expected.get(name)), Integer.MAX_VALUE);
    section(
        m,
        "Unexpected" + (options.strict() ? "" : " (tolerated: not strict)"),
        unexpected,
        name -> name + " " + Arrays.toString(found.get(name)),
        Capped.MAX_ITEMS);
    section(
        m,
        "Shape mismatches",
        mismatched,
        name ->
            name
                + ": checkpoint "
                + Arrays.toString(found.get(name))
                + ", expected "
                + shape(expected.get(name)),
        Integer.MAX_VALUE);
    depthHint(m, keys, config);
    towerHint(m, missing, options);
    dimensionHint(m, keys, config, mismatched);
    if (missing.isEmpty() && mismatched.isEmpty()) {
      m.append("\nTo load it anyway, ignoring the unexpected tensors, pass ")
          .append("EvaLoadOptions.defaults().withStrict(false).");
    }
    return m.toString();
  }

  /**
   * Lists the names of one problem. Missing and mis-shaped names come from the config, so they are
   * all listed; unexpected names come from the file, which may hold any number, so they are capped.
   */
  private static void section(
      StringBuilder m,
      String title,
      List<String> names,
      Function<String, String> line,
      int maxNames) {
    if (names.isEmpty()) {
      return;
    }
    m.append('\n').append(title).append(" (").append(names.size()).append("):");
    names.stream()
        .limit(maxNames)
        .forEach(name -> m.append("\n  ").append(Capped.value(line.apply(name), MAX_LINE_CHARS)));
    if (names.size() > maxNames) {
      m.append("\n  ... (").append(names.size()).append(" in all)");
    }
  }

  /** The shape with {@link EvaWeightNames#ANY_WIDTH} written as {@code E}. */
  private static String shape(long[] dims) {
    return Arrays.stream(dims)
        .mapToObj(d -> d == EvaWeightNames.ANY_WIDTH ? "E" : Long.toString(d))
        .toList()
        .toString();
  }

  private static void towerHint(StringBuilder m, List<String> missing, EvaLoadOptions options) {
    if (options.visualTower()
        && (missing.contains(EvaClipTower.CLS_TOKEN)
            || missing.contains(EvaClipTower.HEAD_WEIGHT))) {
      m.append(
              "\nThe vision tower mode needs the EVA-CLIP extras cls_token and head.weight next to the backbone; ")
          .append(
              "this checkpoint lacks them. Use it as a backbone (EvaLoadOptions.withVisualTower(false)), ")
          .append("or load the EVA-CLIP checkpoint that holds the visual head.");
    }
  }

  private static void depthHint(StringBuilder m, BackboneKeys keys, EvaConfig config) {
    int blocks = keys.blockCount();
    boolean finalNorm = keys.hasFinalNorm();
    if (blocks == 0 || (blocks == config.depth() && finalNorm == config.finalNorm())) {
      return;
    }
    m.append("\nThe checkpoint holds ")
        .append(blocks)
        .append(" blocks (blocks.0 to blocks.")
        .append(blocks - 1)
        .append(") ")
        .append(finalNorm ? "and a" : "and no")
        .append(" final norm (norm.weight, norm.bias); the config expects ")
        .append(config.depth())
        .append(" blocks ")
        .append(config.finalNorm() ? "and a" : "and no")
        .append(" final norm.");
    if (blocks == LAVIS_DEPTH && !finalNorm && keys.hasClsToken()) {
      m.append(" This is the layout of LAVIS eva_vit_g.pth (39 blocks, no final LayerNorm).");
    }
    m.append(" To load it as it is, pass ")
        .append(EvaLoadOptions.DEPTH_FROM_CHECKPOINT_SETTING)
        .append(", or use a config with depth ")
        .append(blocks)
        .append(" and final_norm ")
        .append(finalNorm)
        .append(" (\"depth\": ")
        .append(blocks)
        .append(", \"final_norm\": ")
        .append(finalNorm)
        .append(" in a JSON config).");
  }

  private static void dimensionHint(
      StringBuilder m, BackboneKeys keys, EvaConfig config, List<String> mismatched) {
    if (mismatched.isEmpty()) {
      return;
    }
    Map<String, Long> dims = new LinkedHashMap<>();
    EvaConfigInference.readDimensions(keys, dims, new ArrayList<>());
    Map<String, Long> configured =
        Map.of(
            "embed_dim", (long) config.embedDim(),
            "mlp_hidden_dim", (long) config.mlpHiddenDim(),
            "patch_size", (long) config.patchSize(),
            "pos_embed_grid", (long) config.posEmbedGrid());
    List<String> differences = new ArrayList<>();
    dims.forEach(
        (key, value) -> {
          if (!value.equals(configured.get(key))) {
            differences.add(key + " " + value + " (config: " + configured.get(key) + ")");
          }
        });
    if (!differences.isEmpty()) {
      m.append("\nThe checkpoint's shapes read as ")
          .append(String.join(", ", differences))
          .append("; use a config with these values (EvaConfigInference.infer reads them all, ")
          .append("given num_heads and post_norm, which shapes do not reveal).");
    }
  }
}
