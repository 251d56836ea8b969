package io.visft.core.eval;

/**
 * A full linear probe: accuracy on the test split with its 95% interval (over test images, each
 * scored 0 or 1), and the final training loss.
 *
 * @param accuracy test accuracy
 * @param trainLoss mean cross-entropy on the training split after training
 * @param trainImages number of training images
 */
public record LinearProbeResult(ConfidenceInterval accuracy, double trainLoss, int trainImages) {}
