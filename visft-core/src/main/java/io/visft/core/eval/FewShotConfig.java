package io.visft.core.eval;

import io.visft.api.ConfigException;

/**
 * An N-way K-shot protocol: each episode draws {@code ways} classes, {@code shots} support images
 * and {@code queries} query images per class, all distinct.
 *
 * @param ways N, at least 2
 * @param shots K, support images per class, positive
 * @param queries query images per class, positive
 * @param episodes number of episodes, positive
 * @param seed seed of the episode draws; equal seeds draw equal episodes
 * @param knnNeighbours k of the cosine k-NN classifier, in {@code [1, ways · shots]}
 */
public record FewShotConfig(
    int ways, int shots, int queries, int episodes, long seed, int knnNeighbours) {

  public FewShotConfig {
    require(ways >= 2, "ways", ways, "must be at least 2", "use 5 for the usual 5-way protocol");
    require(shots >= 1, "shots", shots, "must be positive", "use 1 or 5");
    require(queries >= 1, "queries", queries, "must be positive", "use 15, the usual number");
    require(
        episodes >= 1,
        "episodes",
        episodes,
        "must be positive",
        "use 600 for tight intervals, fewer for a quick look");
    require(
        knnNeighbours >= 1 && knnNeighbours <= ways * shots,
        "knn_k",
        knnNeighbours,
        "must be in [1, ways * shots = " + ways * shots + "]",
        "use 1 (nearest neighbour)");
  }

  private static void require(boolean ok, String field, Object value, String rule, String fix) {
    if (!ok) {
      throw new ConfigException("few-shot " + field + " = " + value + " " + rule + "; " + fix);
    }
  }
}
