package io.visft.core.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.core.data.geometry.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouTest {

  @Test
  void boxIouUsesWidthTimesHeightWithoutPlusOne() {
    // Intersection 5 x 5 = 25, union 100 + 100 - 25.
    Box a = Box.fromXywh(0, 0, 10, 10);
    Box b = Box.fromXywh(5, 5, 10, 10);
    assertEquals(25.0 / 175.0, Iou.of(a, b, false), 1e-15);
  }

  @Test
  void crowdBoxIouIsIntersectionOverDetectionArea() {
    Box dt = Box.fromXywh(5, 5, 10, 10);
    Box crowd = Box.fromXywh(0, 0, 10, 10);
    assertEquals(0.25, Iou.of(dt, crowd, true), 1e-15);
    assertEquals(1.0, Iou.of(Box.fromXywh(2, 2, 3, 3), crowd, true), 1e-15);
  }

  @Test
  void touchingBoxesDoNotOverlap() {
    assertEquals(0, Iou.of(Box.fromXywh(0, 0, 2, 2), Box.fromXywh(2, 0, 2, 2), false));
  }

  @Test
  void maskIouCountsPixels() {
    Rle a = Rle.of(1, 6, new int[] {1, 2, 3});
    Rle b = Rle.of(1, 6, new int[] {2, 3, 1});
    assertEquals(1.0 / 4.0, Iou.of(a, b, false), 1e-15);
    assertEquals(1.0 / 2.0, Iou.of(a, b, true), 1e-15);
  }

  @Test
  void masksWhoseBoxesOnlyOverlapHaveZeroIou() {
    boolean[][] diagonal = {{true, false}, {false, true}};
    boolean[][] antiDiagonal = {{false, true}, {true, false}};
    assertEquals(0, Iou.of(Rle.encode(diagonal), Rle.encode(antiDiagonal), false));
  }

  @Test
  void matrixIsDetectionsByGroundTruths() {
    Box gt0 = Box.fromXywh(0, 0, 10, 10);
    Box gt1 = Box.fromXywh(20, 0, 10, 10);
    Box dt = Box.fromXywh(0, 0, 10, 5);
    double[][] ious = Iou.boxMatrix(List.of(dt), List.of(gt0, gt1), new boolean[] {false, true});
    assertEquals(1, ious.length);
    assertArrayEquals(new double[] {0.5, 0.0}, ious[0], 1e-15);
  }

  @Test
  void rejectsMasksOfDifferentSizes() {
    Rle a = Rle.of(2, 2, new int[] {0, 4});
    Rle b = Rle.of(1, 4, new int[] {0, 4});
    assertThrows(IllegalArgumentException.class, () -> Iou.of(a, b, false));
  }

  @Test
  void rejectsMissingCrowdFlags() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Iou.boxMatrix(List.of(), List.of(Box.fromXywh(0, 0, 1, 1)), new boolean[0]));
  }
}
