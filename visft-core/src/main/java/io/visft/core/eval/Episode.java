package io.visft.core.eval;

/**
 * One few-shot episode: indices into a data set and episode labels in {@code [0, ways)} (the
 * position of the drawn class in {@link #classes}).
 *
 * <p>Ownership: shares its arrays; treat as immutable.
 *
 * @param classes the data set labels drawn, {@code [ways]}
 * @param support support image indices, {@code [ways · shots]}
 * @param supportLabels their episode labels
 * @param query query image indices, {@code [ways · queries]}
 * @param queryLabels their episode labels
 */
public record Episode(
    int[] classes, int[] support, int[] supportLabels, int[] query, int[] queryLabels) {}
