package io.visft.heads.detection;

/**
 * One decoded detection: a class id, its probability and a box in pixel coordinates of the unpadded
 * image.
 *
 * @param query the decoder query it came from
 * @param label class id slot, in {@code [0, numClasses)} (for COCO heads, the category id)
 * @param score the softmax probability of {@code label}
 * @param x0 left edge, pixels
 * @param y0 top edge, pixels
 * @param x1 right edge, pixels
 * @param y1 bottom edge, pixels
 */
public record Detection(
    int query, int label, double score, double x0, double y0, double x1, double y1) {

  /** {@code (x0, y0, x1, y1)}. */
  public double[] xyxy() {
    return new double[] {x0, y0, x1, y1};
  }

  /** COCO's {@code (x, y, width, height)}, the top-left corner and the size. */
  public double[] cocoXywh() {
    return new double[] {x0, y0, x1 - x0, y1 - y0};
  }
}
