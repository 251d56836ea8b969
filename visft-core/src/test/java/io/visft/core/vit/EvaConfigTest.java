package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaConfigTest {

  @Test
  void evaVitG14PresetFollowsTheDesign() {
    EvaConfig g = EvaConfig.preset("eva-vit-g-14");
    assertAll(
        () -> assertEquals(1408, g.embedDim()),
        () -> assertEquals(40, g.depth()),
        () -> assertEquals(16, g.numHeads()),
        () -> assertEquals(6144, g.mlpHiddenDim()),
        () -> assertEquals(14, g.patchSize()),
        () -> assertEquals(16, g.posEmbedGrid()),
        () -> assertFalse(g.postNorm()),
        () -> assertEquals(1e-6, g.layerNormEps()),
        () -> assertTrue(g.finalNorm()),
        () -> assertEquals(88, g.headDim()),
        () -> assertEquals(EvaConfig.evaVitG14(), g));
  }

  @Test
  void evaVitE14PresetFollowsTheDesign() {
    EvaConfig e = EvaConfig.preset("eva-vit-e-14");
    assertAll(
        () -> assertEquals(1792, e.embedDim()),
        () -> assertEquals(64, e.depth()),
        () -> assertEquals(16, e.numHeads()),
        () -> assertEquals(15360, e.mlpHiddenDim()),
        () -> assertEquals(14, e.patchSize()),
        () -> assertEquals(16, e.posEmbedGrid()),
        () -> assertTrue(e.postNorm()),
        () -> assertEquals(1e-6, e.layerNormEps()),
        () -> assertTrue(e.finalNorm()),
        () -> assertEquals(112, e.headDim()),
        () -> assertEquals(EvaConfig.evaVitE14(), e));
  }

  /**
   * Per block 4D^2 + 2HD + 8D + H (qkv, proj, fc1, fc2, q/v and layer biases, two norms); stem;
   * final norm.
   */
  private static long closedFormParameters(
      long d, long depth, long h, long p, long g, boolean finalNorm) {
    long block = 4 * d * d + 2 * h * d + 8 * d + h;
    long stem = d * 3 * p * p + d + (1 + g * g) * d;
    return depth * block + stem + (finalNorm ? 2 * d : 0);
  }

  @Test
  void parameterCountsMatchThePaperSizes() {
    long g = EvaConfig.evaVitG14().parameterCount();
    long e = EvaConfig.evaVitE14().parameterCount();
    assertEquals(1_011_144_704L, g);
    assertEquals(closedFormParameters(1408, 40, 6144, 14, 16, true), g);
    assertEquals(4_348_719_104L, e);
    assertEquals(closedFormParameters(1792, 64, 15360, 14, 16, true), e);
    assertEquals(1.01e9, g, 0.005e9, "EVA-ViT-G is about 1.01B parameters");
    assertEquals(4.35e9, e, 0.005e9, "EVA-ViT-E is about 4.35B parameters");
    EvaConfig lavis = EvaConfig.evaVitG14().withDepth(39).withFinalNorm(false);
    assertEquals(closedFormParameters(1408, 39, 6144, 14, 16, false), lavis.parameterCount());
  }

  @Test
  void unknownPresetListsThePresets() {
    ConfigException e = assertThrows(ConfigException.class, () -> EvaConfig.preset("eva-vit-h-14"));
    assertTrue(e.getMessage().contains("\"eva-vit-h-14\""), e.getMessage());
    assertTrue(e.getMessage().contains("[eva-vit-e-14, eva-vit-g-14]"), e.getMessage());
    assertEquals(List.of("eva-vit-e-14", "eva-vit-g-14"), EvaConfig.presetNames());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "embed_dim      | 0    | 0,40,16,6144,14,16,1e-6    | it must be positive      | 1408",
        "depth          | -1   | 1408,-1,16,6144,14,16,1e-6 | it must be positive      | 39 (LAVIS",
        "num_heads      | 0    | 1408,40,0,6144,14,16,1e-6  | it must be positive      | 16 heads",
        "num_heads      | 16   | 1400,40,16,6144,14,16,1e-6 | it must divide embed_dim = 1400 | 1392 or 1408",
        "mlp_hidden_dim | 0    | 1408,40,16,0,14,16,1e-6    | it must be positive      | 6144",
        "patch_size     | 0    | 1408,40,16,6144,0,16,1e-6  | it must be positive      | 14-pixel",
        "pos_embed_grid | -16  | 1408,40,16,6144,14,-16,1e-6 | it must be positive     | 1+g*g",
        "layer_norm_eps | 0.0  | 1408,40,16,6144,14,16,0    | finite number in (0, 1)  | 1e-6",
        "layer_norm_eps | 1.0  | 1408,40,16,6144,14,16,1    | finite number in (0, 1)  | 1e-6",
        "layer_norm_eps | NaN  | 1408,40,16,6144,14,16,NaN  | finite number in (0, 1)  | 1e-6",
      })
  void invalidFieldsAreNamedWithValueRuleAndFix(
      String field, String value, String args, String rule, String fix) {
    String[] a = args.split(",");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                new EvaConfig(
                    Integer.parseInt(a[0]),
                    Integer.parseInt(a[1]),
                    Integer.parseInt(a[2]),
                    Integer.parseInt(a[3]),
                    Integer.parseInt(a[4]),
                    Integer.parseInt(a[5]),
                    false,
                    Double.parseDouble(a[6])));
    String message = e.getMessage();
    assertTrue(message.contains(field + " = " + value + ";"), message);
    assertTrue(message.contains(rule), message);
    assertTrue(message.contains("Fix:") && message.contains(fix), message);
  }

  @Test
  void patchGridOfValidSizes() {
    EvaConfig g = EvaConfig.evaVitG14();
    assertEquals(new PatchGrid(16, 16), g.patchGrid(224, 224));
    PatchGrid wide = g.patchGrid(224, 336);
    assertEquals(16, wide.rows());
    assertEquals(24, wide.cols());
    assertEquals(384, wide.tokens());
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({
    "225, 224, image height = 225, 224 or 238",
    "224, 230, image width = 230, 224 or 238",
    "10, 224, image height = 10, to 14 pixels",
    "0, 224, image height = 0, it must be positive",
    "224, -14, image width = -14, it must be positive",
  })
  void patchGridRejectsSizesThatAreNotPatchMultiples(
      int height, int width, String named, String hint) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> EvaConfig.evaVitG14().patchGrid(height, width));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertTrue(e.getMessage().contains(hint), e.getMessage());
  }

  @Test
  void withersChangeOneField() {
    EvaConfig lavis = EvaConfig.evaVitG14().withDepth(39).withFinalNorm(false);
    assertEquals(new EvaConfig(1408, 39, 16, 6144, 14, 16, false, 1e-6, false), lavis);
    assertThrows(ConfigException.class, () -> lavis.withDepth(0));
  }

  @Test
  void resolveTakesPresetsAndPaths(@TempDir Path dir) throws Exception {
    assertSame(EvaConfig.preset("eva-vit-e-14"), EvaConfig.resolve("eva-vit-e-14"));
    Path file = dir.resolve("tiny.json");
    Files.writeString(
        file,
        "{\"embed_dim\": 32, \"depth\": 2, \"num_heads\": 4, \"mlp_hidden_dim\": 64,"
            + " \"patch_size\": 4, \"pos_embed_grid\": 3, \"post_norm\": true, \"layer_norm_eps\": 1e-5}");
    assertEquals(new EvaConfig(32, 2, 4, 64, 4, 3, true, 1e-5), EvaConfig.resolve(file.toString()));
  }

  @Test
  void resolveOfNeitherPresetNorFileListsThePresets(@TempDir Path dir) {
    String missing = dir.resolve("absent.json").toString();
    ConfigException e = assertThrows(ConfigException.class, () -> EvaConfig.resolve(missing));
    assertTrue(e.getMessage().contains(missing), e.getMessage());
    assertTrue(e.getMessage().contains("[eva-vit-e-14, eva-vit-g-14]"), e.getMessage());
  }
}
