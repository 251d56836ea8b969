package io.visft.heads.metrics;

import io.visft.heads.metrics.EvalProtocol.AreaRange;
import java.util.List;

/**
 * Greedy matching of one image and category, as the reference's {@code evaluateImg}: at each IoU
 * threshold, detections in score order take the best-overlapping ground truth still free,
 * preferring relevant ground truths over ignored ones; crowd ground truths can absorb any number of
 * detections.
 */
final class ImageMatcher {

  private ImageMatcher() {}

  /**
   * Matches the cell's detections within one area range.
   *
   * @param ious {@code [detections, groundTruths]} from {@link EvalCell#ious}
   */
  static ImageEvaluation match(EvalCell cell, double[][] ious, AreaRange range) {
    List<EvalCell.GroundTruth> gts = cell.groundTruths();
    List<EvalCell.Detection> dts = cell.detections();
    double[] thresholds = EvalProtocol.IOU_THRESHOLDS;
    boolean[] gtIgnored = new boolean[gts.size()];
    for (int g = 0; g < gtIgnored.length; g++) {
      gtIgnored[g] = gts.get(g).crowd() || range.excludes(gts.get(g).area());
    }
    int[] gtOrder = relevantFirst(gtIgnored);
    boolean[][] matched = new boolean[thresholds.length][dts.size()];
    boolean[][] ignored = new boolean[thresholds.length][dts.size()];
    for (int t = 0; t < thresholds.length; t++) {
      boolean[] taken = new boolean[gts.size()];
      for (int d = 0; d < dts.size(); d++) {
        double best = Math.min(thresholds[t], EvalProtocol.IOU_CAP);
        int match = -1;
        for (int rank = 0; rank < gtOrder.length; rank++) {
          int g = gtOrder[rank];
          if (taken[rank] && !gts.get(g).crowd()) {
            continue;
          }
          // Once matched to a relevant ground truth, ignored ones (sorted last) cannot win.
          if (match > -1 && !gtIgnored[gtOrder[match]] && gtIgnored[g]) {
            break;
          }
          if (ious[d][g] < best) {
            continue;
          }
          best = ious[d][g];
          match = rank;
        }
        if (match > -1) {
          matched[t][d] = true;
          ignored[t][d] = gtIgnored[gtOrder[match]];
          taken[match] = true;
        }
      }
    }
    double[] scores = new double[dts.size()];
    for (int d = 0; d < dts.size(); d++) {
      scores[d] = dts.get(d).score();
      if (range.excludes(dts.get(d).area())) {
        for (int t = 0; t < thresholds.length; t++) {
          ignored[t][d] |= !matched[t][d];
        }
      }
    }
    int relevant = 0;
    for (boolean ignoredGt : gtIgnored) {
      relevant += ignoredGt ? 0 : 1;
    }
    return new ImageEvaluation(scores, matched, ignored, relevant);
  }

  /** Ground-truth indices with relevant ones first, each group in input order. */
  private static int[] relevantFirst(boolean[] ignored) {
    int[] order = new int[ignored.length];
    int next = 0;
    for (int g = 0; g < ignored.length; g++) {
      if (!ignored[g]) {
        order[next++] = g;
      }
    }
    for (int g = 0; g < ignored.length; g++) {
      if (ignored[g]) {
        order[next++] = g;
      }
    }
    return order;
  }
}
