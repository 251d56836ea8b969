package io.visft.spark;

import java.io.Serializable;

/**
 * One row of a {@link LabeledEmbeddings} table.
 *
 * <p>Ownership: shares {@code embedding}; treat as immutable.
 *
 * @param index position in the table's order (label, then id), from 0
 * @param embedding {@code [dim]}
 * @param label in {@code [0, classes)}
 */
record IndexedEmbedding(long index, float[] embedding, int label) implements Serializable {}
