package io.visft.heads.matching;

import io.visft.api.NumericException;
import io.visft.api.ShapeException;

/** Shape and value checks shared by the cost builders and the matcher. */
final class CostMatrices {

  private CostMatrices() {}

  /**
   * Checks that {@code matrix} is rectangular with {@code cols} columns and only finite values.
   *
   * @throws ShapeException naming the first row of another length
   * @throws NumericException naming the first NaN or infinite entry
   */
  static void checkFinite(String name, double[][] matrix, int cols) {
    for (int i = 0; i < matrix.length; i++) {
      if (matrix[i].length != cols) {
        throw new ShapeException(
            String.format(
                "%s must be rectangular [%d, %d], but row %d has %d entries",
                name, matrix.length, cols, i, matrix[i].length));
      }
      for (int j = 0; j < cols; j++) {
        if (!Double.isFinite(matrix[i][j])) {
          throw new NumericException(
              String.format(
                  "%s[%d][%d] is %s; every entry must be finite. Check the predictions feeding"
                      + " it for NaN/Inf (diverged training, degenerate boxes)",
                  name, i, j, matrix[i][j]));
        }
      }
    }
  }

  /**
   * Requires one row of each prediction input per query and one entry of each target input per
   * target.
   *
   * @throws ShapeException naming the four inputs and their lengths
   */
  static void checkCounts(
      String queryInputs,
      int queries,
      int queriesAgain,
      String targetInputs,
      int targets,
      int targetsAgain) {
    if (queries != queriesAgain || targets != targetsAgain) {
      throw new ShapeException(
          String.format(
              "%s have %d and %d rows, %s have %d and %d; each pair must agree",
              queryInputs, queries, queriesAgain, targetInputs, targets, targetsAgain));
    }
  }

  /** Number of columns of a matrix whose rows share one length ({@code 0} when it has no rows). */
  static int columns(double[][] matrix) {
    return matrix.length == 0 ? 0 : matrix[0].length;
  }
}
