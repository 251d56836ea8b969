package io.visft.heads.metrics;

/**
 * The matching of one image, category and area range at every IoU threshold.
 *
 * @param scores detection scores, by descending score
 * @param matched {@code [thresholds, detections]}: the detection matched a ground truth
 * @param ignored {@code [thresholds, detections]}: the detection neither helps nor hurts (matched
 *     an ignored ground truth, or unmatched and outside the area range)
 * @param relevantGroundTruths ground truths that are neither crowd nor outside the area range
 */
record ImageEvaluation(
    double[] scores, boolean[][] matched, boolean[][] ignored, int relevantGroundTruths) {}
