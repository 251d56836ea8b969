package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.HostTensor;

/**
 * Embeddings of a data set's images: the mean over each dense feature map, optionally the maps
 * themselves, and the labels.
 *
 * @param pooled {@code [n, C]} mean of each map over its {@code h · w} positions
 * @param dense {@code [n, C, h, w]} the backbone's maps, or {@code null} when not kept
 * @param labels {@code [n]}
 */
public record ImageEmbeddings(FeatureMatrix pooled, HostTensor dense, int[] labels) {

  public ImageEmbeddings {
    checkArgument(
        labels.length == pooled.rows(),
        "%s labels for %s embeddings",
        labels.length,
        pooled.rows());
    checkArgument(
        dense == null
            || (dense.shape().length == 4
                && dense.shape()[0] == pooled.rows()
                && dense.shape()[1] == pooled.dim()),
        "dense maps must be [%s, %s, h, w]",
        pooled.rows(),
        pooled.dim());
  }
}
