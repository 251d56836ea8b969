package io.visft.heads.detection;

import io.visft.core.data.geometry.Box;

/**
 * One decoded detection: a class id, its probability and a box in pixel coordinates of the unpadded
 * image.
 *
 * @param query the decoder query it came from
 * @param label class id slot, in {@code [0, numClasses)} (for COCO heads, the category id)
 * @param score the softmax probability of {@code label}
 * @param box the box in pixels of the unpadded image
 */
public record Detection(int query, int label, double score, Box box) {}
