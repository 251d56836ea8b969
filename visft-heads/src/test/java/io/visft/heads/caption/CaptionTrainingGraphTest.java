package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import io.visft.heads.HeadParameterMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stage-2 (frozen) graphs against stage-1 (trainable) graphs, dropout seeds, input checks. */
class CaptionTrainingGraphTest {
  private static final CaptionHeadConfig CONFIG =
      new CaptionHeadConfig(6, 5, 4, 7, 12, 4, 3, 0.5, 1);
  private static final CaptionHead HEAD =
      CaptionHead.initialize(CONFIG, CaptionHeadParityTest.vocabulary(12), 21);
  private static final HostTensor FEATURES =
      CaptionHeadTrainingTest.randomFeatures(new Random(9), 2, 6, 5, 5);
  private static final CaptionBatch BATCH =
      CaptionBatch.encode(HEAD, LengthPolicy.REJECT, List.of("w4 w5 w6", "w7"));

  /** Loss and feature gradient of one graph run with {@code seed}. */
  private static float[][] lossAndFeatureGradient(HeadParameterMode mode, long seed) {
    Graph g = new Graph();
    Value features = g.input("features", DType.F32, FEATURES.shape());
    CaptionTrainingGraph training =
        CaptionTrainingGraph.build(
            g,
            HEAD,
            features,
            g.input("tokens", DType.I64, BATCH.tokens().shape()),
            g.input("lengths", DType.I64, BATCH.lengths().shape()),
            g.input("seed", DType.I64),
            mode);
    assertEquals(
        mode == HeadParameterMode.TRAINABLE_INPUTS ? CaptionParameter.values().length : 0,
        training.parameterInputs().size());
    Value grad = Autodiff.gradients(training.loss(), List.of(features)).get(features);
    Map<String, HostTensor> feeds = new LinkedHashMap<>();
    if (mode == HeadParameterMode.TRAINABLE_INPUTS) {
      feeds.putAll(HEAD.parameters());
    }
    feeds.put("features", FEATURES);
    feeds.put("tokens", BATCH.tokens());
    feeds.put("lengths", BATCH.lengths());
    feeds.put("seed", HostTensor.ofLongs(new long[] {seed}));
    Map<String, HostTensor> out =
        Evaluate.run(g, Map.of("loss", training.loss(), "grad", grad), feeds);
    return new float[][] {out.get("loss").toFloatArray(), out.get("grad").toFloatArray()};
  }

  @Test
  void frozenHeadComputesTheSameLossAndPassesGradientsToTheFeatures() {
    float[][] trainable = lossAndFeatureGradient(HeadParameterMode.TRAINABLE_INPUTS, 4);
    float[][] frozen = lossAndFeatureGradient(HeadParameterMode.FROZEN_WEIGHTS, 4);
    assertEquals(trainable[0][0], frozen[0][0], 1e-6);
    assertTrue(Evaluate.maxAbsDiff(trainable[1], frozen[1]) <= 1e-6);
    assertTrue(Evaluate.maxAbs(frozen[1]) > 1e-4, "the feature gradient must not vanish");
  }

  @Test
  void dropoutStaysActiveInFrozenHeadsAndFollowsTheSeed() {
    float[][] a = lossAndFeatureGradient(HeadParameterMode.FROZEN_WEIGHTS, 4);
    float[][] b = lossAndFeatureGradient(HeadParameterMode.FROZEN_WEIGHTS, 5);
    assertNotEquals(a[0][0], b[0][0], "another seed draws another dropout mask");
    assertEquals(a[0][0], lossAndFeatureGradient(HeadParameterMode.FROZEN_WEIGHTS, 4)[0][0]);
  }

  @Test
  void rejectsInputsThatDoNotFitTheHead() {
    assertShape(
        "features ('features') is F32[2, 5, 5, 5], expected F32 [*, 6, *, *]",
        new long[] {2, 5, 5, 5},
        DType.I64,
        new long[] {2, 6},
        new long[] {2});
    assertShape(
        "tokens ('tokens') is I64[2, 7], expected I64 [2, 6]",
        new long[] {2, 6, 5, 5},
        DType.I64,
        new long[] {2, 7},
        new long[] {2});
    assertShape(
        "tokens ('tokens') is I32[2, 6], expected I64 [2, 6]",
        new long[] {2, 6, 5, 5},
        DType.I32,
        new long[] {2, 6},
        new long[] {2});
    assertShape(
        "lengths ('lengths') is I64[3], expected I64 [2]",
        new long[] {2, 6, 5, 5},
        DType.I64,
        new long[] {2, 6},
        new long[] {3});
    Graph g = new Graph();
    NullPointerException noSeed =
        assertThrows(
            NullPointerException.class,
            () ->
                CaptionTrainingGraph.build(
                    g,
                    HEAD,
                    g.input("features", DType.F32, 2, 6, 5, 5),
                    g.input("tokens", DType.I64, 2, 6),
                    g.input("lengths", DType.I64, 2),
                    null,
                    HeadParameterMode.FROZEN_WEIGHTS));
    assertTrue(noSeed.getMessage().contains("dropoutSeed is required when dropout > 0"));
  }

  private static void assertShape(
      String fragment, long[] features, DType tokenType, long[] tokens, long[] lengths) {
    Graph g = new Graph();
    ShapeException e =
        assertThrows(
            ShapeException.class,
            () ->
                CaptionTrainingGraph.build(
                    g,
                    HEAD,
                    g.input("features", DType.F32, features),
                    g.input("tokens", tokenType, tokens),
                    g.input("lengths", DType.I64, lengths),
                    g.input("seed", DType.I64),
                    HeadParameterMode.TRAINABLE_INPUTS));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
