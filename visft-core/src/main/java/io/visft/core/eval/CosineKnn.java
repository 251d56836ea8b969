package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * k-nearest-neighbour classification under cosine similarity: each query takes the majority label
 * of its {@code k} most similar training rows; a tie between labels goes to the one with the larger
 * summed similarity, then to the smaller label. Stateless and thread-safe.
 */
public final class CosineKnn {
  private CosineKnn() {}

  /**
   * @param train {@code [n, dim]} training rows (any norm; zero rows have similarity 0)
   * @param trainLabels {@code [n]} labels in {@code [0, classes)}
   * @param queries {@code [m, dim]}
   * @param k neighbours, in {@code [1, n]}
   * @param classes number of labels
   * @return {@code [m]} predicted labels
   */
  public static int[] predict(
      FeatureMatrix train, int[] trainLabels, FeatureMatrix queries, int k, int classes) {
    checkArgument(
        train.dim() == queries.dim(), "train dim %s != query dim %s", train.dim(), queries.dim());
    checkArgument(
        trainLabels.length == train.rows(),
        "%s labels for %s training rows",
        trainLabels.length,
        train.rows());
    checkArgument(
        k >= 1 && k <= train.rows(),
        "k = %s must be in [1, %s] (the number of training rows)",
        k,
        train.rows());
    double[] trainNorms = norms(train);
    double[] queryNorms = norms(queries);
    int[] predicted = new int[queries.rows()];
    double[] similarity = new double[train.rows()];
    for (int q = 0; q < queries.rows(); q++) {
      for (int t = 0; t < train.rows(); t++) {
        double dot = 0;
        for (int c = 0; c < train.dim(); c++) {
          dot += (double) queries.get(q, c) * train.get(t, c);
        }
        double denominator = queryNorms[q] * trainNorms[t];
        similarity[t] = denominator > 0 ? dot / denominator : 0;
      }
      predicted[q] = vote(similarity, trainLabels, k, classes);
    }
    return predicted;
  }

  private static int vote(double[] similarity, int[] labels, int k, int classes) {
    boolean[] used = new boolean[similarity.length];
    int[] votes = new int[classes];
    double[] mass = new double[classes];
    for (int n = 0; n < k; n++) {
      int best = -1;
      for (int t = 0; t < similarity.length; t++) {
        if (!used[t] && (best < 0 || similarity[t] > similarity[best])) {
          best = t;
        }
      }
      used[best] = true;
      votes[labels[best]]++;
      mass[labels[best]] += similarity[best];
    }
    int winner = 0;
    for (int c = 1; c < classes; c++) {
      if (votes[c] > votes[winner] || (votes[c] == votes[winner] && mass[c] > mass[winner])) {
        winner = c;
      }
    }
    return winner;
  }

  private static double[] norms(FeatureMatrix m) {
    double[] norms = new double[m.rows()];
    for (int r = 0; r < m.rows(); r++) {
      double s = 0;
      for (int c = 0; c < m.dim(); c++) {
        s += (double) m.get(r, c) * m.get(r, c);
      }
      norms[r] = Math.sqrt(s);
    }
    return norms;
  }
}
