package io.visft.heads.detection;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.ImageSize;
import io.visft.api.NumericException;
import java.util.Arrays;

/**
 * The ground truth of one training image: class ids and boxes in DETR's layout, normalised {@code
 * (cx, cy, w, h)} relative to the unpadded image.
 *
 * <p>Boxes must have positive width and height and lie inside the image ({@code [0, 1]} after
 * normalisation, to within {@value #TOLERANCE}); build them from pixel coordinates with {@link
 * #fromPixelXyxy} or {@link #fromCocoXywh}, which clip or reject boxes beyond the image as the
 * {@link OutsideImagePolicy} says. An image may have no boxes: all its queries are then trained
 * towards "no object". Immutable (arrays are copied in and out).
 *
 * @param size the unpadded image's size in pixels
 * @param labels class id of each box, {@code >= 0} (checked against the head's class count when
 *     matched)
 * @param boxes {@code [labels.length][4]} normalised {@code (cx, cy, w, h)}
 */
public record ImageTargets(ImageSize size, int[] labels, double[][] boxes) {

  /** Slack allowed beyond {@code [0, 1]} for rounding in normalised coordinates. */
  public static final double TOLERANCE = 1e-6;

  public ImageTargets {
    checkArgument(size != null, "image size is null; give the unpadded image's ImageSize");
    checkArgument(
        labels.length == boxes.length,
        "%s labels but %s boxes; give one label per box",
        labels.length,
        boxes.length);
    labels = labels.clone();
    boxes = Arrays.stream(boxes).map(double[]::clone).toArray(double[][]::new);
    for (int i = 0; i < boxes.length; i++) {
      checkArgument(
          labels[i] >= 0, "label %s of box %s is negative; class ids start at 0", labels[i], i);
      checkNormalised(i, boxes[i]);
    }
  }

  /** An image without boxes. */
  public static ImageTargets empty(ImageSize size) {
    return new ImageTargets(size, new int[0], new double[0][]);
  }

  /**
   * Targets from pixel boxes {@code (x0, y0, x1, y1)} of an image of the given size.
   *
   * @throws IllegalArgumentException naming the box when it is degenerate ({@code x1 <= x0} or
   *     {@code y1 <= y0}), extends beyond the image under {@link OutsideImagePolicy#REJECT}, or
   *     keeps no area inside it under {@link OutsideImagePolicy#CLIP}
   * @throws NumericException naming the box when a coordinate is NaN or infinite
   */
  public static ImageTargets fromPixelXyxy(
      ImageSize size, int[] labels, double[][] xyxy, OutsideImagePolicy policy) {
    checkArgument(size != null, "image size is null; give the unpadded image's ImageSize");
    int width = size.width();
    int height = size.height();
    double[][] normalised = new double[xyxy.length][];
    for (int i = 0; i < xyxy.length; i++) {
      double[] b = xyxy[i];
      checkArgument(
          b.length == 4, "box %s has %s coordinates, expected 4 (x0, y0, x1, y1)", i, b.length);
      for (double v : b) {
        if (!Double.isFinite(v)) {
          throw new NumericException(
              String.format("box %s = %s has a non-finite coordinate", i, Arrays.toString(b)));
        }
      }
      checkArgument(
          b[2] > b[0] && b[3] > b[1],
          "box %s = %s (x0, y0, x1, y1) is degenerate: it needs x1 > x0 and y1 > y0; drop"
              + " zero-area annotations before training",
          i,
          Arrays.toString(b));
      boolean outside = b[0] < 0 || b[1] < 0 || b[2] > width || b[3] > height;
      double[] inside = b;
      if (outside) {
        checkArgument(
            policy == OutsideImagePolicy.CLIP,
            "box %s = %s (x0, y0, x1, y1) extends beyond the %sx%s image; fix the annotation or"
                + " use OutsideImagePolicy.CLIP",
            i,
            Arrays.toString(b),
            width,
            height);
        inside =
            new double[] {
              clamp(b[0], width), clamp(b[1], height), clamp(b[2], width), clamp(b[3], height)
            };
        checkArgument(
            inside[2] > inside[0] && inside[3] > inside[1],
            "box %s = %s (x0, y0, x1, y1) lies entirely outside the %sx%s image, clipping leaves"
                + " no area; drop it",
            i,
            Arrays.toString(b),
            width,
            height);
      }
      normalised[i] =
          new double[] {
            (inside[0] + inside[2]) / 2 / width,
            (inside[1] + inside[3]) / 2 / height,
            (inside[2] - inside[0]) / width,
            (inside[3] - inside[1]) / height
          };
    }
    return new ImageTargets(size, labels, normalised);
  }

  /**
   * Targets from COCO pixel boxes {@code (x, y, w, h)}, the top-left corner and the size; see
   * {@link #fromPixelXyxy} for the checks.
   */
  public static ImageTargets fromCocoXywh(
      ImageSize size, int[] labels, double[][] xywh, OutsideImagePolicy policy) {
    double[][] xyxy = new double[xywh.length][];
    for (int i = 0; i < xywh.length; i++) {
      double[] b = xywh[i];
      checkArgument(
          b.length == 4, "box %s has %s coordinates, expected 4 (x, y, w, h)", i, b.length);
      xyxy[i] = new double[] {b[0], b[1], b[0] + b[2], b[1] + b[3]};
    }
    return fromPixelXyxy(size, labels, xyxy, policy);
  }

  /** Number of boxes. */
  public int count() {
    return labels.length;
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  @Override
  public double[][] boxes() {
    return Arrays.stream(boxes).map(double[]::clone).toArray(double[][]::new);
  }

  /** Class id of box {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** Normalised {@code (cx, cy, w, h)} of box {@code i} (a copy). */
  public double[] box(int i) {
    return boxes[i].clone();
  }

  private static double clamp(double v, int limit) {
    return Math.min(Math.max(v, 0), limit);
  }

  private static void checkNormalised(int i, double[] b) {
    checkArgument(
        b.length == 4, "box %s has %s coordinates, expected 4 (cx, cy, w, h)", i, b.length);
    for (double v : b) {
      if (!Double.isFinite(v)) {
        throw new NumericException(
            String.format("box %s = %s has a non-finite coordinate", i, Arrays.toString(b)));
      }
    }
    checkArgument(
        b[2] > 0 && b[3] > 0,
        "box %s = %s (cx, cy, w, h) is degenerate: width and height must be > 0",
        i,
        Arrays.toString(b));
    double x0 = b[0] - b[2] / 2;
    double y0 = b[1] - b[3] / 2;
    double x1 = b[0] + b[2] / 2;
    double y1 = b[1] + b[3] / 2;
    checkArgument(
        x0 >= -TOLERANCE && y0 >= -TOLERANCE && x1 <= 1 + TOLERANCE && y1 <= 1 + TOLERANCE,
        "box %s = %s (cx, cy, w, h) extends beyond the normalised image [0, 1]; build targets"
            + " with fromPixelXyxy or fromCocoXywh to clip or reject such boxes",
        i,
        Arrays.toString(b));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageTargets t
        && t.size.equals(size)
        && Arrays.equals(t.labels, labels)
        && Arrays.deepEquals(t.boxes, boxes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * size.hashCode() + Arrays.hashCode(labels)) + Arrays.deepHashCode(boxes);
  }

  @Override
  public String toString() {
    return "ImageTargets[" + size + ", " + labels.length + " boxes]";
  }
}
