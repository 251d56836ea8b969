package io.visft.heads.matching;

import static io.visft.heads.matching.MatcherFixture.ints;
import static io.visft.heads.matching.MatcherFixture.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.api.ConfigException;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Cost builders and the matcher against PyTorch float64 references with brute-force optima. */
class MatchCostTest {

  private static final double TOL = 1e-12;
  private static final JsonNode FIXTURE = MatcherFixture.load();

  static Stream<JsonNode> detectionCases() {
    return StreamSupport.stream(FIXTURE.get("detection").spliterator(), false);
  }

  static Stream<JsonNode> maskCases() {
    return StreamSupport.stream(FIXTURE.get("mask").spliterator(), false);
  }

  @ParameterizedTest
  @MethodSource("detectionCases")
  void detectionCostAndAssignmentMatchReference(JsonNode c) {
    double[][] cost =
        DetectionMatchCost.detr()
            .cost(
                matrix(c.get("classProbs")),
                matrix(c.get("predBoxes")),
                ints(c.get("targetLabels")),
                matrix(c.get("targetBoxes")));
    assertCostAndAssignment(c, cost);
  }

  @ParameterizedTest
  @MethodSource("maskCases")
  void maskCostAndAssignmentMatchReference(JsonNode c) {
    double[][] cost =
        HostMaskCost.cost(
            MaskMatchCost.mask2former(),
            matrix(c.get("classProbs")),
            matrix(c.get("maskLogits")),
            ints(c.get("targetLabels")),
            matrix(c.get("targetMasks")));
    assertCostAndAssignment(c, cost);
  }

  @Test
  void weightsScaleTheirTermsOnly() {
    double[][] probs = {{0.7, 0.2, 0.1}};
    double[][] boxes = {{0.5, 0.5, 0.2, 0.2}};
    int[] labels = {1};
    double[][] target = {{0.6, 0.5, 0.2, 0.2}};
    double classOnly = new DetectionMatchCost(1, 0, 0).cost(probs, boxes, labels, target)[0][0];
    double l1Only = new DetectionMatchCost(0, 1, 0).cost(probs, boxes, labels, target)[0][0];
    double giouOnly = new DetectionMatchCost(0, 0, 1).cost(probs, boxes, labels, target)[0][0];
    assertEquals(-0.2, classOnly, TOL);
    assertEquals(0.1, l1Only, TOL);
    // Boxes [0.4,0.6] and [0.5,0.7] in x, same 0.2 in y: IoU 0.02/0.06, enclosing = union.
    assertEquals(-1.0 / 3, giouOnly, TOL);
    assertEquals(
        classOnly + 5 * l1Only + 2 * giouOnly,
        DetectionMatchCost.detr().cost(probs, boxes, labels, target)[0][0],
        TOL);
  }

  @Test
  void perfectMaskPredictionHasLowestCost() {
    double[][] probs = {{0.5, 0.5}, {0.5, 0.5}};
    double[][] logits = {{20, -20, 20, -20}, {-20, 20, -20, 20}};
    double[][] targets = {{0, 1, 0, 1}, {1, 0, 1, 0}};
    Assignment a =
        HungarianMatcher.match(
            HostMaskCost.cost(
                MaskMatchCost.mask2former(), probs, logits, new int[] {0, 0}, targets));
    assertArrayEquals(new int[] {1, 0}, a.cols());
    double[][] extreme = {{1000, -1000, 1000, -1000}, {-1000, 1000, -1000, 1000}};
    double[][] cost =
        HostMaskCost.cost(new MaskMatchCost(0, 1, 0), probs, extreme, new int[] {0, 0}, targets);
    // Saturated logits: exact predictions cost 0, opposite ones 1000 per point on average.
    assertEquals(0, cost[1][0], TOL);
    assertEquals(1000, cost[0][0], TOL);
  }

  @Test
  void rejectsInvalidInputs() {
    DetectionMatchCost detr = DetectionMatchCost.detr();
    double[][] box = {{0.5, 0.5, 0.2, 0.2}};
    assertThrows(
        ShapeException.class,
        () -> detr.cost(new double[][] {{0.5, 0.5}}, new double[0][], new int[0], new double[0][]));
    IllegalArgumentException noObject =
        assertThrows(
            IllegalArgumentException.class,
            () -> detr.cost(new double[][] {{0.5, 0.5}}, box, new int[] {1}, box));
    assertTrue(noObject.getMessage().contains("targetLabels[0] = 1"), noObject.getMessage());
    IllegalArgumentException logits =
        assertThrows(
            IllegalArgumentException.class,
            () -> detr.cost(new double[][] {{2.5, -1}}, box, new int[] {0}, box));
    assertTrue(logits.getMessage().contains("not a probability"), logits.getMessage());
    NumericException nanBox =
        assertThrows(
            NumericException.class,
            () ->
                detr.cost(
                    new double[][] {{0.5, 0.5}},
                    new double[][] {{0.5, Double.NaN, 0.2, 0.2}},
                    new int[] {0},
                    box));
    assertTrue(nanBox.getMessage().contains("[0][1]"), nanBox.getMessage());
    MaskMatchCost m2f = MaskMatchCost.mask2former();
    assertThrows(
        ShapeException.class,
        () ->
            HostMaskCost.cost(
                m2f,
                new double[][] {{1, 0}},
                new double[][] {{1, 2}},
                new int[] {0},
                new double[][] {{1, 0, 1}}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            HostMaskCost.cost(
                m2f,
                new double[][] {{1, 0}},
                new double[][] {{1}},
                new int[] {0},
                new double[][] {{1.5}}));
  }

  @Test
  void rejectsBadWeights() {
    ConfigException negative =
        assertThrows(ConfigException.class, () -> new DetectionMatchCost(1, -5, 2));
    assertTrue(negative.getMessage().contains("bboxWeight = -5.0"), negative.getMessage());
    assertThrows(ConfigException.class, () -> new MaskMatchCost(0, 0, 0));
    assertThrows(ConfigException.class, () -> new MaskMatchCost(Double.NaN, 5, 5));
  }

  private static void assertCostAndAssignment(JsonNode c, double[][] cost) {
    double[][] expected = matrix(c.get("cost"));
    assertEquals(expected.length, cost.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], cost[i], TOL, "cost row " + i);
    }
    Assignment a = HungarianMatcher.match(cost);
    JsonNode ref = c.get("assignment");
    assertArrayEquals(ints(ref.get("rows")), a.rows());
    assertArrayEquals(ints(ref.get("cols")), a.cols());
    assertEquals(ref.get("totalCost").asDouble(), a.totalCost(), 1e-10);
  }
}
