package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.train.Parameters;
import io.visft.heads.HeadParameterMode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Dropout drawn from a seed input (so the matching pass and the training pass agree), and the
 * stage-2 setting: a frozen head whose dropout stays active passes gradients to a trainable input
 * upstream of the features.
 */
class DetectionDropoutTest {
  private static final DetectionHeadConfig CONFIG =
      new DetectionHeadConfig(8, 16, 32, 2, 1, 2, 32, 6, 4, 0.1, 4, 0, DetectionLossConfig.detr());
  private static final DetectionHead HEAD = DetectionHead.initialize(CONFIG, 6);
  private static final int BATCH = 2;
  private static final int SIDE = 3;
  private static final HostTensor FEATURES = features();
  private static final HostTensor MASK = DetectionHeadTrainingTest.paddingMask(BATCH, SIDE, 2);
  private static final String SEED = "dropout_seed";

  private static HostTensor features() {
    Random r = new Random(3);
    float[] f = new float[BATCH * CONFIG.featureDim() * SIDE * SIDE];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) r.nextGaussian();
    }
    return HostTensor.ofFloats(f, BATCH, CONFIG.featureDim(), SIDE, SIDE);
  }

  /** Boxes of all layers from a freshly built graph; {@code seed} null means no dropout. */
  private static float[] boxes(Long seed) {
    Graph g = new Graph();
    Value f = g.input("features", DType.F32, FEATURES.shape());
    Value m = g.input("mask", DType.BOOL, MASK.shape());
    Value s = seed == null ? null : g.input(SEED, DType.I64);
    DetectionPredictions p =
        DetectionPredictions.build(g, HEAD, f, m, s, HeadParameterMode.FROZEN_WEIGHTS);
    Map<String, HostTensor> in = new HashMap<>(Map.of("features", FEATURES, "mask", MASK));
    if (seed != null) {
      in.put(SEED, HostTensor.ofLongs(new long[] {seed}));
    }
    return Evaluate.run(g, Map.of("boxes", p.boxes()), in).get("boxes").toFloatArray();
  }

  @Test
  void theSameSeedDrawsTheSameMasksInGraphsBuiltAlike() {
    float[] first = boxes(17L);
    assertArrayEquals(first, boxes(17L), "same seed, separately built graphs");
    assertFalse(Arrays.equals(first, boxes(18L)), "another seed draws other masks");
    assertFalse(Arrays.equals(first, boxes(null)), "without a seed there is no dropout");
  }

  @Test
  void aFrozenHeadKeepsItsDropoutAndTrainsAnUpstreamInput() {
    String scale = "adapter.scale";
    DetectionTrainingStep.InputGraph inputs =
        g -> {
          Ops o = new Ops(g);
          Value x = g.input("features", DType.F32, FEATURES.shape());
          Value s = g.input(scale, DType.F32, CONFIG.featureDim());
          Value scaled = o.mul(x, o.reshape(s, 1, CONFIG.featureDim(), 1, 1));
          return new DetectionTrainingStep.DetectionInputs(
              scaled,
              g.input("mask", DType.BOOL, MASK.shape()),
              g.input(SEED, DType.I64),
              Map.of(scale, s));
        };
    float[] ones = new float[CONFIG.featureDim()];
    Arrays.fill(ones, 1);
    Parameters parameters = new Parameters().add(scale, ones, CONFIG.featureDim());
    List<ImageTargets> targets =
        List.of(
            ImageTargets.empty(new ImageSize(30, 30)),
            new ImageTargets(
                new ImageSize(30, 30), new int[] {1}, new double[][] {{0.4, 0.5, 0.3, 0.4}}));
    try (DetectionTrainingStep step =
        DetectionTrainingStep.create(
            HEAD, HeadParameterMode.FROZEN_WEIGHTS, 1, inputs, RuntimeOptions.cpu())) {
      double a = step.step(parameters, batch(5), targets);
      float[] gradient = step.gradients().get(scale).clone();
      assertEquals(
          List.of(scale), List.copyOf(step.gradients().keySet()), "only the upstream input trains");
      double norm = 0;
      for (float v : gradient) {
        assertTrue(Float.isFinite(v), "gradient holds " + v);
        norm += v * v;
      }
      assertTrue(norm > 0, "gradients must pass through the frozen head into its input");
      assertEquals(
          a, step.step(parameters, batch(5), targets), "the same seed gives the same loss");
      assertNotEquals(
          a, step.step(parameters, batch(6), targets), "dropout stays active in the frozen head");
    }
  }

  private static Map<String, HostTensor> batch(long seed) {
    return Map.of("features", FEATURES, "mask", MASK, SEED, HostTensor.ofLongs(new long[] {seed}));
  }
}
