package io.visft.core.eval;

import io.visft.api.ConfigException;
import io.visft.core.data.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws seeded N-way K-shot episodes from a labelled data set. Episode {@code e} depends only on
 * the labels, the config and {@code Seeds.mix(seed, e)}, so any episode can be redrawn alone.
 *
 * <p>Immutable and thread-safe.
 */
public final class EpisodeSampler {
  private final FewShotConfig config;
  private final int[][] byClass;
  private final int[] eligible;

  /**
   * @param labels data set labels, {@code [n]}, each ≥ 0
   * @throws ConfigException if fewer than {@code ways} classes have {@code shots + queries} images
   */
  public EpisodeSampler(int[] labels, FewShotConfig config) {
    this.config = config;
    int classes = 0;
    for (int label : labels) {
      classes = Math.max(classes, label + 1);
    }
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      members.get(labels[i]).add(i);
    }
    this.byClass =
        members.stream()
            .map(m -> m.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
    int need = config.shots() + config.queries();
    this.eligible =
        java.util.stream.IntStream.range(0, classes)
            .filter(c -> byClass[c].length >= need)
            .toArray();
    if (eligible.length < config.ways()) {
      throw new ConfigException(
          "a "
              + config.ways()
              + "-way "
              + config.shots()
              + "-shot episode with "
              + config.queries()
              + " queries needs "
              + config.ways()
              + " classes with at least "
              + need
              + " images each, but only "
              + eligible.length
              + " of "
              + classes
              + " classes have that many; lower ways, shots or queries, or use more images");
    }
  }

  /** Episode {@code index} (0-based). */
  public Episode episode(int index) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(config.seed(), index));
    int ways = config.ways();
    int shots = config.shots();
    int queries = config.queries();
    int[] classes = firstOfShuffle(eligible, ways, random);
    int[] support = new int[ways * shots];
    int[] supportLabels = new int[ways * shots];
    int[] query = new int[ways * queries];
    int[] queryLabels = new int[ways * queries];
    for (int w = 0; w < ways; w++) {
      int[] picked = firstOfShuffle(byClass[classes[w]], shots + queries, random);
      for (int s = 0; s < shots; s++) {
        support[w * shots + s] = picked[s];
        supportLabels[w * shots + s] = w;
      }
      for (int q = 0; q < queries; q++) {
        query[w * queries + q] = picked[shots + q];
        queryLabels[w * queries + q] = w;
      }
    }
    return new Episode(classes, support, supportLabels, query, queryLabels);
  }

  /** The first {@code count} items of a Fisher–Yates shuffle of a copy of {@code items}. */
  private static int[] firstOfShuffle(int[] items, int count, SplittableRandom random) {
    int[] a = items.clone();
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(a.length - i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return java.util.Arrays.copyOf(a, count);
  }
}
