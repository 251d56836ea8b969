package io.visft.heads.matching;

/** Reference minimum-cost assignment by trying every injective map (tiny matrices only). */
final class BruteForceAssignment {

  private BruteForceAssignment() {}

  /** Minimal total cost over all matchings of {@code min(rows, cols)} distinct pairs. */
  static double minimumCost(double[][] cost) {
    int rows = cost.length;
    int cols = rows == 0 ? 0 : cost[0].length;
    if (rows <= cols) {
      return search(cost, 0, new boolean[cols], false);
    }
    return search(cost, 0, new boolean[rows], true);
  }

  /** Assigns each index of the smaller side, in order, to an unused index of the larger side. */
  private static double search(double[][] cost, int next, boolean[] used, boolean byColumn) {
    int smaller = byColumn ? cost[0].length : cost.length;
    if (next == smaller) {
      return 0;
    }
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0; k < used.length; k++) {
      if (!used[k]) {
        used[k] = true;
        double here = byColumn ? cost[k][next] : cost[next][k];
        best = Math.min(best, here + search(cost, next + 1, used, byColumn));
        used[k] = false;
      }
    }
    return best;
  }
}
