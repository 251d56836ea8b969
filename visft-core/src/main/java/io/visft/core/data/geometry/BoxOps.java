package io.visft.core.data.geometry;

import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import java.util.Arrays;

/**
 * Axis-aligned box arithmetic with the semantics of DETR's box utilities.
 *
 * <p>Two layouts are used: {@code cxcywh} (centre x, centre y, width, height), which detection
 * heads predict after a sigmoid, and {@code xyxy} (x0, y0, x1, y1), which overlap measures need.
 * Arrays of boxes are {@code double[n][4]}. Every method allocates its result and never changes its
 * arguments; the class is stateless and thread-safe.
 *
 * <p>Overlaps follow DETR exactly, including its degenerate cases: the IoU of two zero-area boxes
 * is {@code 0/0 = NaN}, as is the generalized IoU of two boxes whose enclosing box has zero area.
 * Callers that feed such values to a matcher get a {@link NumericException} there.
 */
public final class BoxOps {

  private BoxOps() {}

  /** Converts boxes {@code [n, 4]} from {@code (cx, cy, w, h)} to {@code (x0, y0, x1, y1)}. */
  public static double[][] cxcywhToXyxy(double[][] boxes) {
    checkBoxes("boxes", boxes);
    double[][] out = new double[boxes.length][];
    for (int i = 0; i < boxes.length; i++) {
      double[] b = boxes[i];
      double halfW = 0.5 * b[2];
      double halfH = 0.5 * b[3];
      out[i] = new double[] {b[0] - halfW, b[1] - halfH, b[0] + halfW, b[1] + halfH};
    }
    return out;
  }

  /** Converts boxes {@code [n, 4]} from {@code (x0, y0, x1, y1)} to {@code (cx, cy, w, h)}. */
  public static double[][] xyxyToCxcywh(double[][] boxes) {
    checkBoxes("boxes", boxes);
    double[][] out = new double[boxes.length][];
    for (int i = 0; i < boxes.length; i++) {
      double[] b = boxes[i];
      out[i] = new double[] {(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]};
    }
    return out;
  }

  /** Areas {@code [n]} of boxes {@code [n, 4]} in {@code xyxy}: {@code (x1 - x0) * (y1 - y0)}. */
  public static double[] areas(double[][] xyxy) {
    checkBoxes("boxes", xyxy);
    double[] out = new double[xyxy.length];
    for (int i = 0; i < xyxy.length; i++) {
      out[i] = area(xyxy[i]);
    }
    return out;
  }

  /**
   * Pairwise intersection over union {@code [n, m]} of {@code a [n, 4]} and {@code b [m, 4]}, both
   * {@code xyxy} with {@code x1 >= x0} and {@code y1 >= y0}.
   *
   * @throws IllegalArgumentException if a box has {@code x1 < x0} or {@code y1 < y0}
   */
  public static double[][] pairwiseIou(double[][] a, double[][] b) {
    checkOrdered("a", a);
    checkOrdered("b", b);
    double[][] out = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        out[i][j] = intersection(a[i], b[j]) / union(a[i], b[j]);
      }
    }
    return out;
  }

  /**
   * Pairwise generalized IoU {@code [n, m]} (Rezatofighi et al., 2019) of {@code a [n, 4]} and
   * {@code b [m, 4]}, both {@code xyxy} with {@code x1 >= x0} and {@code y1 >= y0}: {@code IoU -
   * (|C| - |A ∪ B|) / |C|} where {@code C} is the smallest box enclosing both. Values lie in {@code
   * [-1, 1]}.
   *
   * @throws IllegalArgumentException if a box has {@code x1 < x0} or {@code y1 < y0}
   */
  public static double[][] generalizedIou(double[][] a, double[][] b) {
    checkOrdered("a", a);
    checkOrdered("b", b);
    double[][] out = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        double[] p = a[i];
        double[] q = b[j];
        double union = union(p, q);
        double iou = intersection(p, q) / union;
        double enclosing =
            Math.max(Math.max(p[2], q[2]) - Math.min(p[0], q[0]), 0)
                * Math.max(Math.max(p[3], q[3]) - Math.min(p[1], q[1]), 0);
        out[i][j] = iou - (enclosing - union) / enclosing;
      }
    }
    return out;
  }

  private static double area(double[] b) {
    return (b[2] - b[0]) * (b[3] - b[1]);
  }

  private static double intersection(double[] p, double[] q) {
    double w = Math.max(Math.min(p[2], q[2]) - Math.max(p[0], q[0]), 0);
    double h = Math.max(Math.min(p[3], q[3]) - Math.max(p[1], q[1]), 0);
    return w * h;
  }

  private static double union(double[] p, double[] q) {
    return area(p) + area(q) - intersection(p, q);
  }

  private static void checkOrdered(String name, double[][] xyxy) {
    checkBoxes(name, xyxy);
    for (int i = 0; i < xyxy.length; i++) {
      double[] b = xyxy[i];
      if (!(b[2] >= b[0] && b[3] >= b[1])) {
        throw new IllegalArgumentException(
            String.format(
                "%s[%d] = %s is not an xyxy box with x1 >= x0 and y1 >= y0; convert cxcywh boxes"
                    + " with cxcywhToXyxy and keep widths and heights non-negative",
                name, i, Arrays.toString(b)));
      }
    }
  }

  private static void checkBoxes(String name, double[][] boxes) {
    for (int i = 0; i < boxes.length; i++) {
      if (boxes[i].length != 4) {
        throw new ShapeException(
            name + "[" + i + "] has " + boxes[i].length + " coordinates, a box needs exactly 4");
      }
      for (int k = 0; k < 4; k++) {
        if (!Double.isFinite(boxes[i][k])) {
          throw new NumericException(
              String.format(
                  "%s[%d][%d] is %s; box coordinates must be finite", name, i, k, boxes[i][k]));
        }
      }
    }
  }
}
