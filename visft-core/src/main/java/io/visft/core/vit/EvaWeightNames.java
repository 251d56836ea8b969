package io.visft.core.vit;

import io.visft.core.vit.EvaParam.Scope;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameter names and shapes an EVA backbone of a given config expects, in the timm {@code Eva}
 * layout (EVA-CLIP stores the same names under {@code visual.}). {@link EvaParam} is the table of
 * names and shape rules.
 */
public final class EvaWeightNames {

  /** In an expected shape: a width the checkpoint decides (the tower's embedding width E). */
  static final long ANY_WIDTH = -1;

  private EvaWeightNames() {}

  /**
   * Every expected name with its shape, in module order: stem, blocks 0 to {@code depth-1}, then
   * the final norm if the config has one. The map is unmodifiable; its arrays are fresh.
   */
  public static Map<String, long[]> expectedShapes(EvaConfig config) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (EvaParam param : EvaParam.inScope(Scope.STEM)) {
      shapes.put(param.key(), param.shape(config));
    }
    for (int block = 0; block < config.depth(); block++) {
      for (EvaParam param : EvaParam.inScope(Scope.BLOCK)) {
        shapes.put(param.key(block), param.shape(config));
      }
    }
    if (config.finalNorm()) {
      for (EvaParam param : EvaParam.inScope(Scope.FINAL_NORM)) {
        shapes.put(param.key(), param.shape(config));
      }
    }
    return Collections.unmodifiableMap(shapes);
  }

  /**
   * The linear layers of the blocks (the modules LoRA can target): module name, e.g. {@code
   * blocks.3.attn.qkv}, mapped to its weight shape {@code [out, in]}.
   */
  public static Map<String, long[]> linearModules(EvaConfig config) {
    Map<String, long[]> modules = new LinkedHashMap<>();
    expectedShapes(config)
        .forEach(
            (name, shape) -> {
              if (name.startsWith("blocks.") && name.endsWith(".weight") && shape.length == 2) {
                modules.put(name.substring(0, name.length() - ".weight".length()), shape);
              }
            });
    return Collections.unmodifiableMap(modules);
  }

  /**
   * The EVA-CLIP vision tower's extras with their shapes, as the checkpoint {@code found} (names
   * without prefix to shapes) should hold them: {@code cls_token [1, 1, D]}, {@code head.weight [E,
   * D]} and, only if {@code found} has it, {@code head.bias [E]}. E is read from {@code found} (the
   * rows of {@code head.weight}, else the length of {@code head.bias}); it is {@link #ANY_WIDTH}
   * when neither is there.
   */
  static Map<String, long[]> towerExtraShapes(EvaConfig config, Map<String, long[]> found) {
    long[] head = found.get(EvaClipTower.HEAD_WEIGHT);
    long[] bias = found.get(EvaClipTower.HEAD_BIAS);
    long width =
        head != null && head.length > 0
            ? head[0]
            : bias != null && bias.length > 0 ? bias[0] : ANY_WIDTH;
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put(EvaClipTower.CLS_TOKEN, new long[] {1, 1, config.embedDim()});
    shapes.put(EvaClipTower.HEAD_WEIGHT, new long[] {width, config.embedDim()});
    if (bias != null) {
      shapes.put(EvaClipTower.HEAD_BIAS, new long[] {width});
    }
    return Collections.unmodifiableMap(shapes);
  }
}
