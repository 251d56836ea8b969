package io.visft.api;

/**
 * What one training step reports to listeners.
 *
 * @param step 0-based global step
 * @param task the task trained this step ({@code caption}, {@code detection}, ...)
 * @param loss the task's loss
 * @param learningRate the rate applied
 * @param gradientNorm global gradient norm before clipping
 * @param secondsPerStep wall time of the step
 */
public record StepMetrics(
    long step,
    String task,
    double loss,
    double learningRate,
    double gradientNorm,
    double secondsPerStep) {}
