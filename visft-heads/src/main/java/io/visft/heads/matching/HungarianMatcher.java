package io.visft.heads.matching;

import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Exact minimum-cost bipartite assignment on a rectangular cost matrix, the matching step of DETR
 * and Mask2Former.
 *
 * <p>Given {@code cost [rows, cols]} (rows are predictions, columns ground-truth targets), it pairs
 * {@code min(rows, cols)} rows with distinct columns so that the summed cost is minimal, as {@code
 * scipy.optimize.linear_sum_assignment} does. When several assignments share the minimal cost, the
 * one returned may differ from scipy's; its cost does not.
 *
 * <p>Algorithm: shortest augmenting paths with row and column potentials (the Kuhn–Munkres method
 * in the Jonker–Volgenant formulation). Each of the {@code min(rows, cols)} rows of the smaller
 * side is added by one Dijkstra-like search over reduced costs, so the whole solve is {@code O(min²
 * · max)} time and {@code O(max)} extra memory besides a transposed copy when rows outnumber
 * columns. Stateless and thread-safe.
 */
public final class HungarianMatcher {

  private HungarianMatcher() {}

  /**
   * Solves the assignment problem for {@code cost [rows, cols]}.
   *
   * @param cost a rectangular matrix of finite values; either dimension may be 0, which gives an
   *     empty assignment
   * @return the optimal pairs sorted by row, with their total cost
   * @throws io.visft.api.NumericException if an entry is NaN or infinite (the message names it)
   * @throws io.visft.api.ShapeException if the rows differ in length
   */
  public static Assignment match(double[][] cost) {
    int rows = cost.length;
    int cols = CostMatrices.columns(cost);
    CostMatrices.checkFinite("cost", cost, cols);
    boolean transposed = rows > cols;
    double[][] a = transposed ? transpose(cost, cols) : cost;
    int[] colOfRow = solveWide(a);
    List<Match> matches = new ArrayList<>(colOfRow.length);
    double total = 0;
    for (int i = 0; i < colOfRow.length; i++) {
      Match m = transposed ? new Match(colOfRow[i], i) : new Match(i, colOfRow[i]);
      matches.add(m);
      total += cost[m.row()][m.col()];
    }
    matches.sort(Comparator.comparingInt(Match::row));
    return new Assignment(matches, total);
  }

  /**
   * Assigns every row of {@code a [n, m]}, {@code n <= m}, to a distinct column.
   *
   * <p>Indices 1..n and 1..m are the real rows and columns; column 0 is a virtual start from which
   * each new row is reached. Potentials {@code u, v} keep every reduced cost {@code a[i][j] - u[i]
   * - v[j]} non-negative and zero on matched pairs, which makes the final matching optimal (LP
   * duality).
   *
   * @return for each row, its column
   */
  private static int[] solveWide(double[][] a) {
    int n = a.length;
    int m = CostMatrices.columns(a);
    double[] u = new double[n + 1];
    double[] v = new double[m + 1];
    int[] rowOfCol = new int[m + 1];
    int[] previousCol = new int[m + 1];
    double[] minReduced = new double[m + 1];
    boolean[] visited = new boolean[m + 1];
    for (int row = 1; row <= n; row++) {
      rowOfCol[0] = row;
      int col = 0;
      Arrays.fill(minReduced, Double.POSITIVE_INFINITY);
      Arrays.fill(visited, false);
      do {
        visited[col] = true;
        int i = rowOfCol[col];
        double delta = Double.POSITIVE_INFINITY;
        int next = -1;
        for (int j = 1; j <= m; j++) {
          if (!visited[j]) {
            double reduced = a[i - 1][j - 1] - u[i] - v[j];
            if (reduced < minReduced[j]) {
              minReduced[j] = reduced;
              previousCol[j] = col;
            }
            if (minReduced[j] < delta) {
              delta = minReduced[j];
              next = j;
            }
          }
        }
        checkState(
            next >= 0,
            "reduced costs overflowed to infinity; the cost entries are too large in magnitude,"
                + " rescale the cost matrix");
        for (int j = 0; j <= m; j++) {
          if (visited[j]) {
            u[rowOfCol[j]] += delta;
            v[j] -= delta;
          } else {
            minReduced[j] -= delta;
          }
        }
        col = next;
      } while (rowOfCol[col] != 0);
      while (col != 0) {
        int before = previousCol[col];
        rowOfCol[col] = rowOfCol[before];
        col = before;
      }
    }
    int[] colOfRow = new int[n];
    for (int j = 1; j <= m; j++) {
      if (rowOfCol[j] != 0) {
        colOfRow[rowOfCol[j] - 1] = j - 1;
      }
    }
    return colOfRow;
  }

  private static double[][] transpose(double[][] cost, int cols) {
    double[][] t = new double[cols][cost.length];
    for (int i = 0; i < cost.length; i++) {
      for (int j = 0; j < cols; j++) {
        t[j][i] = cost[i][j];
      }
    }
    return t;
  }
}
