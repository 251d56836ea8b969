package io.visft.core.vit;

import java.util.LinkedHashMap;
import java.util.Map;

/** Name-to-shape maps laid out like real EVA weight files, for tests. */
final class WeightShapes {

  private WeightShapes() {}

  /** The backbone of {@code config} under {@code prefix}, as a mutable map in module order. */
  static Map<String, long[]> backbone(String prefix, EvaConfig config) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    EvaWeightNames.expectedShapes(config)
        .forEach((name, shape) -> shapes.put(prefix + name, shape));
    return shapes;
  }

  /** LAVIS eva_vit_g.pth: cls_token, then the G backbone with 39 blocks and no final norm. */
  static Map<String, long[]> lavisEvaVitG() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("cls_token", new long[] {1, 1, 1408});
    shapes.putAll(backbone("", EvaConfig.evaVitG14().withDepth(39).withFinalNorm(false)));
    return shapes;
  }
}
