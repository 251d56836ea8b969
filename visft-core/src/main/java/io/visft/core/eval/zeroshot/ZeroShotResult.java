package io.visft.core.eval.zeroshot;

import io.visft.core.eval.ConfidenceInterval;

/**
 * Zero-shot classification accuracy, each with its 95% interval over the images (each scored 0 or
 * 1).
 *
 * @param top1 top-1 accuracy
 * @param topK top-K accuracy
 * @param k K of {@link #topK}: 5, or the number of classes when there are fewer
 */
public record ZeroShotResult(ConfidenceInterval top1, ConfidenceInterval topK, int k) {}
