package io.visft.core.eval.text;

import io.visft.core.eval.ConfidenceInterval;

/**
 * Held-out scores of a text-recognition probe, with 95% intervals over their 0/1 samples ({@link
 * TextAccuracy}).
 *
 * @param characterAccuracy share of the counted character positions read right
 * @param wordAccuracy share of the words read exactly
 * @param baselineCharacterAccuracy character accuracy of always answering each position's most
 *     frequent training class (the chance level the probe must beat)
 * @param trainLoss the probe's mean cross-entropy on the training words after training
 * @param trainWords number of training words
 */
public record TextRecognitionResult(
    ConfidenceInterval characterAccuracy,
    ConfidenceInterval wordAccuracy,
    double baselineCharacterAccuracy,
    double trainLoss,
    int trainWords) {}
