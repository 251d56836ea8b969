package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KeyCheck} under {@link EvaLoadOptions#visualTower()}: the EVA-CLIP extras are expected and
 * kept.
 */
class KeyCheckVisualTowerTest {

  private static final EvaConfig TINY = new EvaConfig(8, 2, 2, 20, 4, 3, false, 1e-6);
  private static final EvaLoadOptions TOWER = EvaLoadOptions.defaults().withVisualTower(true);

  private static Map<String, long[]> evaClip(String prefix) {
    Map<String, long[]> shapes = WeightShapes.backbone(prefix, TINY);
    shapes.put(prefix + "cls_token", new long[] {1, 1, 8});
    shapes.put(prefix + "head.weight", new long[] {5, 8});
    shapes.put(prefix + "head.bias", new long[] {5});
    shapes.put("text.positional_embedding", new long[] {77, 4});
    shapes.put("logit_scale", new long[] {});
    return shapes;
  }

  private static String failure(Map<String, long[]> shapes) {
    return assertThrows(
            FileFormatException.class, () -> KeyCheck.check("eva_clip.pt", shapes, TINY, TOWER))
        .getMessage();
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(strings = {"visual.", "module.visual.", ""})
  void theExtrasBecomeParametersAndOnlyTheTextTowerIsIgnored(String prefix) {
    EvaWeightsLayout layout = KeyCheck.check("eva_clip.pt", evaClip(prefix), TINY, TOWER);
    assertEquals(prefix + "cls_token", layout.checkpointKey("cls_token"));
    assertEquals(prefix + "head.weight", layout.checkpointKey("head.weight"));
    assertEquals(prefix + "head.bias", layout.checkpointKey("head.bias"));
    assertEquals(EvaWeightNames.expectedShapes(TINY).size() + 3, layout.checkpointKeys().size());
    assertEquals(List.of("text.positional_embedding", "logit_scale"), layout.ignored());
    assertTrue(layout.unexpected().isEmpty());
  }

  @Test
  void theHeadBiasIsOptional() {
    Map<String, long[]> shapes = evaClip("visual.");
    shapes.remove("visual.head.bias");
    EvaWeightsLayout layout = KeyCheck.check("eva_clip.pt", shapes, TINY, TOWER);
    assertTrue(layout.checkpointKeys().containsKey("head.weight"));
    assertTrue(!layout.checkpointKeys().containsKey("head.bias"));
  }

  @Test
  void aBackboneWithoutTheExtrasIsReportedWithTheFix() {
    String message = failure(WeightShapes.backbone("visual.", TINY));
    assertTrue(message.contains("2 missing, 0 unexpected, 0 shape mismatches."), message);
    assertTrue(message.contains("\n  cls_token [1, 1, 8]"), message);
    assertTrue(message.contains("\n  head.weight [E, 8]"), message);
    assertTrue(message.contains("EvaLoadOptions.withVisualTower(false)"), message);
  }

  @Test
  void misShapedExtrasAreMismatchesAndUnknownHeadTensorsAreUnexpected() {
    Map<String, long[]> shapes = evaClip("visual.");
    shapes.put("visual.cls_token", new long[] {1, 8});
    shapes.put("visual.head.weight", new long[] {5, 6});
    shapes.put("visual.head.bias", new long[] {4});
    shapes.put("visual.head.scale", new long[] {5});
    String message = failure(shapes);
    assertTrue(message.contains("0 missing, 1 unexpected, 3 shape mismatches."), message);
    assertTrue(message.contains("\n  cls_token: checkpoint [1, 8], expected [1, 1, 8]"), message);
    assertTrue(message.contains("\n  head.weight: checkpoint [5, 6], expected [5, 8]"), message);
    assertTrue(message.contains("\n  head.bias: checkpoint [4], expected [5]"), message);
    assertTrue(message.contains("\n  head.scale [5]"), message);
  }

  @Test
  void withoutTowerModeTheExtrasStayIgnored() {
    EvaWeightsLayout layout =
        KeyCheck.check("eva_clip.pt", evaClip("visual."), TINY, EvaLoadOptions.defaults());
    assertTrue(
        layout
            .ignored()
            .containsAll(List.of("visual.cls_token", "visual.head.weight", "visual.head.bias")));
    assertTrue(!layout.checkpointKeys().containsKey("cls_token"));
  }
}
