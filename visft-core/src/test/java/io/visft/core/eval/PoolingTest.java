package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.testing.Evaluate;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaLoadOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.core.vit.LinearLayer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pooling modes on the small EVA-CLIP fixture tower (tools/fixtures/eva_clip_tower_fixture.py),
 * non-square input (3×5 patch grid): the mean and the RoI vectors against the dense map computed
 * independently here, the cls embedding against PyTorch.
 */
class PoolingTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/eva_clip");
  private static EvaWeightsFile checkpoint;
  private static HostTensor pixels;
  private static HostTensor dense;

  @BeforeAll
  static void openTower() {
    Pooling cls = Pooling.cls();
    checkpoint =
        EvaWeightsFile.open(
            FIXTURES.resolve("g_style_tower.pt"),
            EvaConfig.fromJson(FIXTURES.resolve("g_style.json")),
            cls.loadOptions(EvaLoadOptions.defaults()));
    try (SafetensorsFile in =
        SafetensorsFile.open(FIXTURES.resolve("g_style_nonsquare_input.safetensors"))) {
      pixels = in.tensor("pixel_values");
    }
    dense = run(Pooling.dense(), Map.of());
  }

  @AfterAll
  static void close() {
    checkpoint.close();
  }

  private static HostTensor run(Pooling pooling, Map<String, HostTensor> extraInputs) {
    Graph g = new Graph();
    Value px = g.input("pixel_values", DType.F32, pixels.shape());
    Value out = pooling.build(g, checkpoint.config(), checkpoint.weights(), px, LinearLayer.PLAIN);
    Map<String, HostTensor> inputs = new HashMap<>(extraInputs);
    inputs.put("pixel_values", pixels);
    HostTensor result = Evaluate.run(g, Map.of("out", out), inputs).get("out");
    assertArrayEquals(out.type().shape(), result.shape());
    return result;
  }

  @Test
  void denseIsTheBackboneMap() {
    assertArrayEquals(new long[] {1, 32, 3, 5}, dense.shape());
  }

  @Test
  void meanAveragesEveryCell() {
    HostTensor mean = run(Pooling.mean(), Map.of());
    assertArrayEquals(new long[] {1, 32}, mean.shape());
    float[] got = mean.toFloatArray();
    float[] map = dense.toFloatArray();
    for (int d = 0; d < 32; d++) {
      double sum = 0;
      for (int c = 0; c < 15; c++) {
        sum += map[d * 15 + c];
      }
      assertEquals(sum / 15, got[d], 1e-5, "channel " + d);
    }
  }

  @Test
  void clsIsTheEvaClipEmbedding() {
    float[] got = run(Pooling.cls(), Map.of()).toFloatArray();
    try (SafetensorsFile want =
        SafetensorsFile.open(FIXTURES.resolve("g_style_nonsquare_embeddings.safetensors"))) {
      float[] expected = want.tensor("embeddings").toFloatArray();
      double diff = Evaluate.maxAbsDiff(got, expected);
      assertTrue(diff <= 1e-4 * Evaluate.maxAbs(expected), "max |diff| " + diff);
    }
  }

  @Test
  void roiPoolsTheMapWithTheSamplingMatrix() {
    Pooling.Roi roi = new Pooling.Roi(2, RoiAlignConfig.aligned(2, 2));
    HostTensor boxes = HostTensor.ofFloats(new float[] {0, 1, 2, 9, 11, 0, 6.5f, 0, 20, 12}, 2, 5);
    HostTensor sampling = roi.samplingWeights(boxes, checkpoint.config(), pixels.shape());
    assertArrayEquals(new long[] {2, 15}, sampling.shape());
    float[] got = run(roi, Map.of(Pooling.Roi.SAMPLING_WEIGHTS, sampling)).toFloatArray();
    float[] w = sampling.toFloatArray();
    float[] map = dense.toFloatArray();
    for (int k = 0; k < 2; k++) {
      for (int d = 0; d < 32; d++) {
        double expected = 0;
        for (int c = 0; c < 15; c++) {
          expected += w[k * 15 + c] * map[d * 15 + c];
        }
        assertEquals(expected, got[k * 32 + d], 1e-5, "box " + k + ", channel " + d);
      }
    }
  }

  @Test
  void onlyClsLoadsTheTowerExtras() {
    assertTrue(Pooling.cls().loadOptions(EvaLoadOptions.defaults()).visualTower());
    for (Pooling p :
        new Pooling[] {
          Pooling.dense(), Pooling.mean(), Pooling.roi(1, RoiAlignConfig.detectron2())
        }) {
      assertFalse(
          p.loadOptions(EvaLoadOptions.defaults().withVisualTower(true)).visualTower(),
          p.mode().name());
    }
  }
}
