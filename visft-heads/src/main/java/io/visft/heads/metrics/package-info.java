/**
 * Evaluation metrics of the task heads; {@link io.visft.heads.metrics.CocoEvaluator} reproduces the
 * official COCO detection and instance-segmentation protocol.
 */
package io.visft.heads.metrics;
