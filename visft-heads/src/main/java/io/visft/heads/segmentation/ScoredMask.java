package io.visft.heads.segmentation;

/**
 * One decoded instance.
 *
 * @param label predicted class in {@code [0, classes)}
 * @param score class probability times mask score (mean sigmoid inside the mask)
 * @param query the query that predicted it
 * @param height mask rows (image height)
 * @param width mask columns (image width)
 * @param pixels row-major {@code [height, width]} membership ({@code logit > 0})
 */
public record ScoredMask(int label, double score, int query, int height, int width, boolean[] pixels) {

  /** Intersection over union with a mask of the same size. */
  public double iou(boolean[] other) {
    com.google.common.base.Preconditions.checkArgument(other.length == pixels.length,
        "masks differ in size: %s vs %s pixels", pixels.length, other.length);
    int inter = 0;
    int union = 0;
    for (int i = 0; i < pixels.length; i++) {
      inter += pixels[i] && other[i] ? 1 : 0;
      union += pixels[i] || other[i] ? 1 : 0;
    }
    return union == 0 ? 0 : (double) inter / union;
  }
}
