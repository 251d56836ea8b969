package io.visft.heads.segmentation;

import io.visft.core.data.mask.BinaryMask;

/**
 * One decoded instance.
 *
 * @param label predicted class in {@code [0, classes)}
 * @param score class probability times mask score (mean sigmoid inside the mask)
 * @param query the query that predicted it
 * @param mask its pixels {@code [height, width]} at the image's size ({@code logit > 0})
 */
public record ScoredMask(int label, double score, int query, BinaryMask mask) {}
