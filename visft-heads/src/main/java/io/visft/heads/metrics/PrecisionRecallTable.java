package io.visft.heads.metrics;

import io.visft.heads.metrics.EvalProtocol.AreaRange;
import java.util.Arrays;
import java.util.List;

/**
 * Interpolated precision {@code [thresholds, recallPoints, categories, areaRanges, maxDets]} and
 * final recall {@code [thresholds, categories, areaRanges, maxDets]}, filled as the reference's
 * {@code accumulate}; entries stay -1 where a category has no relevant ground truth.
 */
final class PrecisionRecallTable {
  private final int categories;
  private final double[] precision;
  private final double[] recall;

  PrecisionRecallTable(int categories) {
    this.categories = categories;
    int cells =
        EvalProtocol.IOU_THRESHOLDS.length
            * categories
            * AreaRange.values().length
            * EvalProtocol.MAX_DETECTIONS.length;
    this.precision = new double[cells * EvalProtocol.RECALL_THRESHOLDS.length];
    this.recall = new double[cells];
    Arrays.fill(precision, -1);
    Arrays.fill(recall, -1);
  }

  int categories() {
    return categories;
  }

  double precision(int t, int r, int k, AreaRange a, int m) {
    return precision[precisionIndex(t, r, k, a, m)];
  }

  double recall(int t, int k, AreaRange a, int m) {
    return recall[recallIndex(t, k, a, m)];
  }

  /**
   * Pools the first {@code MAX_DETECTIONS[m]} detections of each image, ranks them by score and
   * records precision at the recall points and the final recall for every threshold.
   */
  void accumulate(List<ImageEvaluation> images, int k, AreaRange a, int m) {
    int relevant = images.stream().mapToInt(ImageEvaluation::relevantGroundTruths).sum();
    if (relevant == 0) {
      return;
    }
    int maxDets = EvalProtocol.MAX_DETECTIONS[m];
    int total = images.stream().mapToInt(e -> Math.min(e.scores().length, maxDets)).sum();
    double[] scores = new double[total];
    int[] image = new int[total];
    int[] detection = new int[total];
    int n = 0;
    for (int i = 0; i < images.size(); i++) {
      for (int d = 0; d < Math.min(images.get(i).scores().length, maxDets); d++, n++) {
        scores[n] = images.get(i).scores()[d];
        image[n] = i;
        detection[n] = d;
      }
    }
    int[] order = ScoreOrder.descending(scores);
    double[] thresholds = EvalProtocol.IOU_THRESHOLDS;
    double[] recallPoints = EvalProtocol.RECALL_THRESHOLDS;
    for (int t = 0; t < thresholds.length; t++) {
      double[] rc = new double[total];
      double[] pr = new double[total];
      double tp = 0;
      double fp = 0;
      for (int j = 0; j < total; j++) {
        ImageEvaluation source = images.get(image[order[j]]);
        int d = detection[order[j]];
        if (!source.ignored()[t][d]) {
          if (source.matched()[t][d]) {
            tp++;
          } else {
            fp++;
          }
        }
        rc[j] = tp / relevant;
        pr[j] = tp / (fp + tp + EvalProtocol.EPSILON);
      }
      recall[recallIndex(t, k, a, m)] = total > 0 ? rc[total - 1] : 0;
      // Precision envelope: the best precision at any equal or higher recall.
      for (int j = total - 1; j > 0; j--) {
        if (pr[j] > pr[j - 1]) {
          pr[j - 1] = pr[j];
        }
      }
      for (int r = 0; r < recallPoints.length; r++) {
        int at = firstAtLeast(rc, recallPoints[r]);
        precision[precisionIndex(t, r, k, a, m)] = at < total ? pr[at] : 0;
      }
    }
  }

  /** {@code numpy.searchsorted(sorted, value, side='left')}. */
  private static int firstAtLeast(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private int recallIndex(int t, int k, AreaRange a, int m) {
    return ((t * categories + k) * AreaRange.values().length + a.ordinal())
            * EvalProtocol.MAX_DETECTIONS.length
        + m;
  }

  private int precisionIndex(int t, int r, int k, AreaRange a, int m) {
    return ((t * EvalProtocol.RECALL_THRESHOLDS.length + r) * categories + k)
            * AreaRange.values().length
            * EvalProtocol.MAX_DETECTIONS.length
        + a.ordinal() * EvalProtocol.MAX_DETECTIONS.length
        + m;
  }
}
