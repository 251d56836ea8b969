package io.visft.heads.segmentation;

import io.visft.core.graph.Value;

/**
 * One set of predictions of the segmentation head, as graph values.
 *
 * @param classLogits {@code [B, Q, classes + 1]}, the last slot being "no object"
 * @param maskLogits {@code [B, Q, h, w]} at the feature-map resolution
 */
public record PredictionSet(Value classLogits, Value maskLogits) {}
