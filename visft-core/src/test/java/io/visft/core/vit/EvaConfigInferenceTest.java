package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaConfigInferenceTest {

  @Test
  void infersThePresetsFromTheirShapes() {
    EvaConfig g = EvaConfig.evaVitG14();
    EvaConfig e = EvaConfig.evaVitE14();
    assertEquals(
        g, EvaConfigInference.infer("g.safetensors", WeightShapes.backbone("", g), 16, false));
    assertEquals(
        e, EvaConfigInference.infer("e.pt", WeightShapes.backbone("visual.", e), 16, true));
  }

  @Test
  void infersTheLavisLayout() {
    assertEquals(
        EvaConfig.evaVitG14().withDepth(39).withFinalNorm(false),
        EvaConfigInference.infer("eva_vit_g.pth", WeightShapes.lavisEvaVitG(), 16, false));
  }

  @Test
  void infersANonSquarePatchGridSideAndOtherSizes() {
    EvaConfig odd = new EvaConfig(24, 3, 3, 50, 7, 5, false, 1e-6);
    assertEquals(
        odd, EvaConfigInference.infer("odd.pt", WeightShapes.backbone("module.", odd), 3, false));
  }

  @Test
  void headsThatDoNotDivideTheWidthAreAConfigError() {
    String message =
        assertThrows(
                ConfigException.class,
                () ->
                    EvaConfigInference.infer(
                        "g.pt", WeightShapes.backbone("", EvaConfig.evaVitG14()), 15, false))
            .getMessage();
    assertTrue(message.contains("num_heads = 15; it must divide embed_dim = 1408"), message);
  }

  @Test
  void everyUnreadableDimensionIsNamed() {
    Map<String, long[]> shapes =
        WeightShapes.backbone("", new EvaConfig(8, 2, 2, 20, 4, 3, false, 1e-6));
    shapes.remove("blocks.0.mlp.fc1.weight");
    shapes.put("pos_embed", new long[] {1, 11, 8});
    shapes.put("patch_embed.proj.weight", new long[] {8, 3, 4, 5});
    String message =
        assertThrows(
                FileFormatException.class, () -> EvaConfigInference.infer("x.pt", shapes, 2, false))
            .getMessage();
    assertTrue(message.contains("Cannot infer the EVA config of checkpoint x.pt"), message);
    assertTrue(message.contains("blocks.0.mlp.fc1.weight is missing"), message);
    assertTrue(message.contains("pos_embed has shape [1, 11, 8], expected [1, 1+g*g, D]"), message);
    assertTrue(
        message.contains("patch_embed.proj.weight has shape [8, 3, 4, 5], expected [D, 3, p, p]"),
        message);
  }
}
