package io.visft.core.eval;

/**
 * Mean episode accuracies of a few-shot benchmark with their 95% intervals.
 *
 * @param knn cosine k-NN accuracy over the episodes
 * @param linearProbe logistic-regression accuracy over the episodes
 */
public record FewShotResult(ConfidenceInterval knn, ConfidenceInterval linearProbe) {}
