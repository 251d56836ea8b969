package io.visft.core.data.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class BoxOpsTest {

  private static final double TOL = 1e-12;

  @Test
  void matchesPyTorchReference() throws IOException {
    JsonNode f = fixture();
    double[][] aXyxy = BoxOps.cxcywhToXyxy(matrix(f.get("a")));
    double[][] bXyxy = BoxOps.cxcywhToXyxy(matrix(f.get("b")));
    assertMatrixEquals(matrix(f.get("aXyxy")), aXyxy);
    assertMatrixEquals(matrix(f.get("bXyxy")), bXyxy);
    assertArrayEquals(vector(f.get("areasA")), BoxOps.areas(aXyxy), TOL);
    assertMatrixEquals(matrix(f.get("iou")), BoxOps.pairwiseIou(aXyxy, bXyxy));
    assertMatrixEquals(matrix(f.get("giou")), BoxOps.generalizedIou(aXyxy, bXyxy));
  }

  @Test
  void handCheckedOverlaps() {
    double[][] unit = {{0, 0, 1, 1}};
    double[][] others = {{0, 0, 1, 1}, {0.5, 0, 1.5, 1}, {2, 0, 3, 1}};
    assertArrayEquals(new double[] {1, 1.0 / 3, 0}, BoxOps.pairwiseIou(unit, others)[0], TOL);
    // Disjoint unit boxes 1 apart: enclosing box has area 3, union 2, so GIoU = 0 - 1/3.
    assertArrayEquals(
        new double[] {1, 1.0 / 3, -1.0 / 3}, BoxOps.generalizedIou(unit, others)[0], TOL);
  }

  @Test
  void zeroAreaBoxesGiveNaNLikeDetr() {
    double[][] point = {{0.5, 0.5, 0.5, 0.5}};
    assertTrue(Double.isNaN(BoxOps.pairwiseIou(point, point)[0][0]));
    assertTrue(Double.isNaN(BoxOps.generalizedIou(point, point)[0][0]));
  }

  @Test
  void rejectsMalformedBoxes() {
    double[][] ok = {{0, 0, 1, 1}};
    assertThrows(ShapeException.class, () -> BoxOps.areas(new double[][] {{0, 0, 1}}));
    NumericException nan =
        assertThrows(
            NumericException.class, () -> BoxOps.areas(new double[][] {{0, Double.NaN, 1, 1}}));
    assertTrue(nan.getMessage().contains("boxes[0][1]"), nan.getMessage());
    IllegalArgumentException inverted =
        assertThrows(
            IllegalArgumentException.class,
            () -> BoxOps.generalizedIou(ok, new double[][] {{0, 0, 1, 1}, {1, 0, 0, 1}}));
    assertTrue(inverted.getMessage().contains("b[1]"), inverted.getMessage());
  }

  @Test
  void conversionsRoundTrip() {
    qt().withExamples(1000)
        .forAll(cxcywh())
        .checkAssert(
            box -> {
              double[][] back = BoxOps.xyxyToCxcywh(BoxOps.cxcywhToXyxy(new double[][] {box}));
              assertArrayEquals(box, back[0], 1e-12);
            });
  }

  @Test
  void giouIsBoundedByIouAndSymmetric() {
    qt().withExamples(1000)
        .forAll(cxcywh(), cxcywh())
        .checkAssert(
            (p, q) -> {
              double[][] a = BoxOps.cxcywhToXyxy(new double[][] {p});
              double[][] b = BoxOps.cxcywhToXyxy(new double[][] {q});
              double iou = BoxOps.pairwiseIou(a, b)[0][0];
              double giou = BoxOps.generalizedIou(a, b)[0][0];
              assertTrue(iou >= 0 && iou <= 1 + TOL, "IoU " + iou);
              assertTrue(giou <= iou + TOL && giou >= -1 - TOL, "GIoU " + giou + " vs IoU " + iou);
              assertEquals(giou, BoxOps.generalizedIou(b, a)[0][0], TOL);
              assertEquals(1, BoxOps.generalizedIou(a, a)[0][0], TOL);
            });
  }

  /** A box {cx, cy, w, h}: centre in [-2, 2], sides in [0.01, 3]. */
  private static Gen<double[]> cxcywh() {
    Gen<Double> centre = doubles().between(-2, 2);
    Gen<Double> size = doubles().between(0.01, 3);
    return centre
        .zip(centre, size, size, (cx, cy, w, h) -> new double[] {cx, cy, w, h})
        .describedAs(Arrays::toString);
  }

  private static void assertMatrixEquals(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], TOL, "row " + i);
    }
  }

  private static JsonNode fixture() throws IOException {
    try (InputStream in = BoxOpsTest.class.getResourceAsStream("box_ops_fixture.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static double[][] matrix(JsonNode node) {
    double[][] m = new double[node.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(node.get(i));
    }
    return m;
  }

  private static double[] vector(JsonNode node) {
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = node.get(i).asDouble();
    }
    return v;
  }
}
