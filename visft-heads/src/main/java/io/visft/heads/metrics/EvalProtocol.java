package io.visft.heads.metrics;

/**
 * The fixed parameters of the official COCO detection protocol, computed with the same
 * floating-point steps as the reference ({@code numpy.linspace}) so that IoUs equal to a threshold
 * and recalls equal to a recall point compare the same way.
 */
final class EvalProtocol {
  /** IoU thresholds 0.50, 0.55, ..., 0.95. */
  static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);

  /** Recall points 0.00, 0.01, ..., 1.00. */
  static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, 101);

  /** Detections kept per image and category, ascending; the last bounds matching. */
  static final int[] MAX_DETECTIONS = {1, 10, 100};

  /** Thresholds are capped just below 1, so a perfect match with rounding error still counts. */
  static final double IOU_CAP = 1 - 1e-10;

  /** {@code numpy.spacing(1)}, added to precision denominators. */
  static final double EPSILON = Math.ulp(1.0);

  /** Object-area ranges in square pixels; both ends are inclusive, as in the reference. */
  enum AreaRange {
    ALL(0, 1e10, "all"),
    SMALL(0, 32 * 32, "small"),
    MEDIUM(32 * 32, 96 * 96, "medium"),
    LARGE(96 * 96, 1e10, "large");

    final double min;
    final double max;
    final String label;

    AreaRange(double min, double max, String label) {
      this.min = min;
      this.max = max;
      this.label = label;
    }

    /** Whether an area lies outside {@code [min, max]}. */
    boolean excludes(double area) {
      return area < min || area > max;
    }
  }

  private EvalProtocol() {}

  /** Index of a threshold by exact value, as the reference selects AP50 and AP75. */
  static int iouThresholdIndex(double threshold) {
    for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
      if (IOU_THRESHOLDS[t] == threshold) {
        return t;
      }
    }
    throw new IllegalStateException("IoU threshold " + threshold + " is not a protocol threshold");
  }

  /** {@code numpy.linspace(start, stop, count)}: {@code i * step + start}, the last set to stop. */
  static double[] linspace(double start, double stop, int count) {
    double step = (stop - start) / (count - 1);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = i * step + start;
    }
    values[count - 1] = stop;
    return values;
  }
}
