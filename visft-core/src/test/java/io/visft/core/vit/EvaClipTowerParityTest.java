package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.testing.Evaluate;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The EVA-CLIP vision tower graph, loaded from EVA-CLIP-layout checkpoints, against the PyTorch
 * reference (tools/fixtures/eva_clip_tower_fixture.py): head with bias (G-style, pre-norm) and
 * without (E-style, res-post-norm), square input and non-square input (bicubic position resize).
 */
class EvaClipTowerParityTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/eva_clip");
  private static final EvaLoadOptions TOWER = EvaLoadOptions.defaults().withVisualTower(true);

  private static EvaWeightsFile open(String style) {
    return EvaWeightsFile.open(
        FIXTURES.resolve(style + "_tower.pt"),
        EvaConfig.fromJson(FIXTURES.resolve(style + ".json")),
        TOWER);
  }

  @ParameterizedTest
  @CsvSource({"g_style, square", "g_style, nonsquare", "e_style, square", "e_style, nonsquare"})
  void embeddingsMatchPyTorch(String style, String input) {
    try (EvaWeightsFile ckpt = open(style);
        SafetensorsFile in =
            SafetensorsFile.open(FIXTURES.resolve(style + "_" + input + "_input.safetensors"));
        SafetensorsFile want =
            SafetensorsFile.open(
                FIXTURES.resolve(style + "_" + input + "_embeddings.safetensors"))) {
      HostTensor pixels = in.tensor("pixel_values");
      Graph g = new Graph();
      Value px = g.input("pixel_values", DType.F32, pixels.shape());
      Value embeddings =
          EvaClipTower.build(g, ckpt.config(), ckpt.weights(), px, LinearLayer.PLAIN);
      HostTensor expected = want.tensor("embeddings");
      assertArrayEquals(expected.shape(), embeddings.type().shape());
      float[] got =
          Evaluate.run(g, Map.of("embeddings", embeddings), Map.of("pixel_values", pixels))
              .get("embeddings")
              .toFloatArray();
      double diff = Evaluate.maxAbsDiff(got, expected.toFloatArray());
      double tol = 1e-4 * Evaluate.maxAbs(expected.toFloatArray());
      assertTrue(diff <= tol, style + "/" + input + ": max |diff| " + diff + " > " + tol);
    }
  }

  @Test
  void towerModeLoadsTheExtrasAndStillIgnoresTheTextTower() {
    try (EvaWeightsFile g = open("g_style");
        EvaWeightsFile e = open("e_style")) {
      assertArrayEquals(new long[] {1, 1, 32}, g.weights().get(EvaClipTower.CLS_TOKEN).shape());
      assertArrayEquals(new long[] {16, 32}, g.weights().get(EvaClipTower.HEAD_WEIGHT).shape());
      assertArrayEquals(new long[] {16}, g.weights().get(EvaClipTower.HEAD_BIAS).shape());
      assertEquals(16, EvaClipTower.embeddingDim(g.config(), g.weights()));
      assertEquals(
          List.of("state_dict.text.token_embedding.weight", "state_dict.logit_scale"),
          g.layout().ignored());
      assertEquals(12, EvaClipTower.embeddingDim(e.config(), e.weights()));
      assertTrue(!e.weights().containsKey(EvaClipTower.HEAD_BIAS), "the E-style head has no bias");
    }
  }

  @Test
  void backboneModeLeavesTheExtrasOutAndTheTowerSaysHowToLoadThem() {
    try (EvaWeightsFile ckpt =
        EvaWeightsFile.open(
            FIXTURES.resolve("g_style_tower.pt"),
            EvaConfig.fromJson(FIXTURES.resolve("g_style.json")),
            EvaLoadOptions.defaults())) {
      assertTrue(
          ckpt.layout()
              .ignored()
              .containsAll(
                  List.of("state_dict.visual.cls_token", "state_dict.visual.head.weight")));
      Graph g = new Graph();
      Value px = g.input("pixel_values", DType.F32, 1, 3, 16, 16);
      ShapeException e =
          assertThrows(
              ShapeException.class,
              () -> EvaClipTower.build(g, ckpt.config(), ckpt.weights(), px, LinearLayer.PLAIN));
      assertTrue(e.getMessage().contains("withVisualTower(true)"), e.getMessage());
    }
  }

  @Test
  void aPositionTableWithoutClsSlotIsRefused() {
    try (EvaWeightsFile ckpt = open("g_style")) {
      Map<String, HostTensor> weights = new HashMap<>(ckpt.weights());
      weights.put("pos_embed", HostTensor.ofFloats(new float[16 * 32], 1, 16, 32));
      Graph g = new Graph();
      Value px = g.input("pixel_values", DType.F32, 1, 3, 16, 16);
      ShapeException e =
          assertThrows(
              ShapeException.class,
              () -> EvaClipTower.build(g, ckpt.config(), weights, px, LinearLayer.PLAIN));
      assertTrue(e.getMessage().contains("pos_embed has 16 slots"), e.getMessage());
    }
  }
}
