package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.data.geometry.BoxOps;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.matching.Assignment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The set loss against a direct Java evaluation of DETR's formula (cross-entropy with the no-object
 * weight, L1 and GIoU of {@link BoxOps}) on batches with images without boxes, and the refusal of
 * targets that do not fit the head.
 */
class DetectionLossTest {
  private static final DetectionHeadConfig CONFIG =
      new DetectionHeadConfig(8, 16, 32, 2, 1, 2, 32, 6, 4, 0, 4, 0, DetectionLossConfig.detr());
  private static final int BATCH = 2;
  private static final int SIDE = 3;
  private static final int MAX_TARGETS = 2;

  /** Loss, metrics, predictions and the feature gradient of one batch, after Java matching. */
  private record Run(Map<String, HostTensor> out, MatchedTargets matched) {
    float value(String name) {
      return out.get(name).toFloatArray()[0];
    }
  }

  private static Run run(List<ImageTargets> targets) {
    DetectionHead head = DetectionHead.initialize(CONFIG, 4);
    Random r = new Random(8);
    float[] f = new float[BATCH * CONFIG.featureDim() * SIDE * SIDE];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) r.nextGaussian();
    }
    HostTensor features = HostTensor.ofFloats(f, BATCH, CONFIG.featureDim(), SIDE, SIDE);
    HostTensor mask = DetectionHeadTrainingTest.paddingMask(BATCH, SIDE, 2);
    Graph g = new Graph();
    Value fv = g.input("features", DType.F32, features.shape());
    Value mv = g.input("mask", DType.BOOL, mask.shape());
    DetectionTrainingGraph training =
        DetectionTrainingGraph.build(
            g, head, fv, mv, null, MAX_TARGETS, HeadParameterMode.FROZEN_WEIGHTS);
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put("loss", training.loss());
    training.metrics().forEach(outputs::put);
    outputs.put("logits", training.predictions().logits());
    outputs.put("probabilities", training.predictions().probabilities());
    outputs.put("boxes", training.predictions().boxes());
    outputs.put("grad.features", Autodiff.gradients(training.loss(), List.of(fv)).get(fv));
    Map<String, HostTensor> inputs = Map.of("features", features, "mask", mask);
    Map<String, Value> predictions =
        Map.of(
            "probabilities",
            training.predictions().probabilities(),
            "boxes",
            training.predictions().boxes());
    Map<String, HostTensor> predicted = Evaluate.run(g, predictions, inputs);
    MatchedTargets matched =
        DetectionMatcher.match(
            CONFIG, predicted.get("probabilities"), predicted.get("boxes"), targets, MAX_TARGETS);
    Map<String, HostTensor> feeds = new LinkedHashMap<>(inputs);
    feeds.putAll(matched.inputs());
    return new Run(Evaluate.run(g, outputs, feeds), matched);
  }

  @Test
  void imagesWithoutBoxesTrainOnlyTowardsNoObject() {
    Run run =
        run(
            List.of(
                ImageTargets.empty(new ImageSize(30, 30)),
                ImageTargets.empty(new ImageSize(40, 20))));
    assertEquals(0, run.matched().assignment(0, 0).size());
    assertEquals(0, run.value(DetectionTrainingGraph.LOSS_BBOX));
    assertEquals(0, run.value(DetectionTrainingGraph.LOSS_GIOU));
    double expected = 0;
    for (int l = 0; l < CONFIG.decoderLayers(); l++) {
      expected +=
          crossEntropy(
              run,
              l,
              new int[BATCH][0],
              List.of(new Assignment(List.of(), 0), new Assignment(List.of(), 0)));
    }
    assertEquals(expected, run.value("loss"), 1e-5 * expected);
    assertFiniteAndNonZero(run.out().get("grad.features").toFloatArray());
  }

  @Test
  void aBatchMixingEmptyAndAnnotatedImagesMatchesTheFormula() {
    ImageTargets annotated =
        ImageTargets.fromPixelXyxy(
            new ImageSize(40, 40),
            new int[] {2, 0},
            new double[][] {{4, 4, 20, 30}, {18, 10, 38, 22}},
            OutsideImagePolicy.REJECT);
    List<ImageTargets> targets = List.of(ImageTargets.empty(new ImageSize(40, 40)), annotated);
    Run run = run(targets);
    int boxes = 2;
    double expected = 0;
    for (int l = 0; l < CONFIG.decoderLayers(); l++) {
      List<Assignment> layer =
          List.of(run.matched().assignment(l, 0), run.matched().assignment(l, 1));
      double ce = crossEntropy(run, l, new int[][] {{}, {2, 0}}, layer);
      double l1 = 0;
      double giou = 0;
      for (var m : layer.get(1).matches()) {
        double[] predicted = predictedBox(run, l, 1, m.row());
        double[] truth = annotated.box(m.col());
        for (int k = 0; k < 4; k++) {
          l1 += Math.abs(predicted[k] - truth[k]);
        }
        giou +=
            1
                - BoxOps.generalizedIou(
                    BoxOps.cxcywhToXyxy(new double[][] {predicted}),
                    BoxOps.cxcywhToXyxy(new double[][] {truth}))[0][0];
      }
      expected += ce + 5 * l1 / boxes + 2 * giou / boxes;
      if (l == CONFIG.decoderLayers() - 1) {
        assertEquals(ce, run.value(DetectionTrainingGraph.LOSS_CE), 1e-5 * ce);
        assertEquals(l1 / boxes, run.value(DetectionTrainingGraph.LOSS_BBOX), 1e-5 * l1);
        assertEquals(giou / boxes, run.value(DetectionTrainingGraph.LOSS_GIOU), 1e-5 * giou);
      }
    }
    assertEquals(expected, run.value("loss"), 1e-5 * expected);
    assertFiniteAndNonZero(run.out().get("grad.features").toFloatArray());
  }

  @Test
  void targetsThatDoNotFitTheHeadAreRejected() {
    ImageTargets three =
        new ImageTargets(
            new ImageSize(10, 10),
            new int[] {0, 1, 2},
            new double[][] {{0.5, 0.5, 0.2, 0.2}, {0.5, 0.5, 0.3, 0.3}, {0.4, 0.4, 0.2, 0.2}});
    IllegalArgumentException slots =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatchedTargets.checkTargets(CONFIG, List.of(three), 2));
    assertTrue(
        slots
            .getMessage()
            .contains("image 0 has 3 boxes but the training graph has maxTargets = 2 slots"),
        slots.getMessage());
    int[] labels = new int[CONFIG.numQueries() + 1];
    double[][] boxes = new double[labels.length][];
    Arrays.fill(boxes, new double[] {0.5, 0.5, 0.2, 0.2});
    ImageTargets crowded = new ImageTargets(new ImageSize(10, 10), labels, boxes);
    IllegalArgumentException queries =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatchedTargets.checkTargets(CONFIG, List.of(crowded), 12));
    assertTrue(
        queries
            .getMessage()
            .contains("image 0 has 7 boxes but the head has only numQueries = 6 queries"),
        queries.getMessage());
    ImageTargets unknownClass =
        new ImageTargets(
            new ImageSize(10, 10), new int[] {4}, new double[][] {{0.5, 0.5, 0.2, 0.2}});
    IllegalArgumentException label =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatchedTargets.checkTargets(CONFIG, List.of(unknownClass), 2));
    assertTrue(
        label.getMessage().contains("image 0, box 0: label 4 is outside [0, numClasses = 4)"),
        label.getMessage());
  }

  /** DETR's weighted cross-entropy of one layer, from the run's logits. */
  private static double crossEntropy(
      Run run, int layer, int[][] labels, List<Assignment> assignments) {
    float[] logits = run.out().get("logits").toFloatArray();
    int queries = CONFIG.numQueries();
    int slots = CONFIG.classSlots();
    double weighted = 0;
    double weights = 0;
    for (int b = 0; b < BATCH; b++) {
      int[] target = new int[queries];
      Arrays.fill(target, CONFIG.noObjectClass());
      for (var m : assignments.get(b).matches()) {
        target[m.row()] = labels[b][m.col()];
      }
      for (int q = 0; q < queries; q++) {
        int offset = ((layer * BATCH + b) * queries + q) * slots;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < slots; k++) {
          max = Math.max(max, logits[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < slots; k++) {
          sum += Math.exp(logits[offset + k] - max);
        }
        double w = target[q] == CONFIG.noObjectClass() ? 0.1 : 1;
        weighted += w * (max + Math.log(sum) - logits[offset + target[q]]);
        weights += w;
      }
    }
    return weighted / weights;
  }

  private static double[] predictedBox(Run run, int layer, int image, int query) {
    float[] boxes = run.out().get("boxes").toFloatArray();
    int offset = ((layer * BATCH + image) * CONFIG.numQueries() + query) * 4;
    return new double[] {boxes[offset], boxes[offset + 1], boxes[offset + 2], boxes[offset + 3]};
  }

  private static void assertFiniteAndNonZero(float[] gradient) {
    double norm = 0;
    for (float v : gradient) {
      assertTrue(Float.isFinite(v), "gradient holds " + v);
      norm += v * v;
    }
    assertTrue(norm > 0, "the gradient must reach the features");
  }
}
