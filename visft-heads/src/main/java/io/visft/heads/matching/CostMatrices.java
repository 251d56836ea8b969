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
            name
                + " must be rectangular ["
                + matrix.length
                + ", "
                + cols
                + "], but row "
                + i
                + " has "
                + matrix[i].length
                + " entries");
      }
      for (int j = 0; j < cols; j++) {
        if (!Double.isFinite(matrix[i][j])) {
          throw new NumericException(
              name
                  + "["
                  + i
                  + "]["
                  + j
                  + "] is "
                  + matrix[i][j]
                  + "; every entry must be finite. Check the predictions feeding it for NaN/Inf"
                  + " (diverged training, degenerate boxes)");
        }
      }
    }
  }

  /** Number of columns of a matrix whose rows share one length ({@code 0} when it has no rows). */
  static int columns(double[][] matrix) {
    return matrix.length == 0 ? 0 : matrix[0].length;
  }

  /** {@code weighted[i][j] += weight * term[i][j]}, in place. */
  static void addScaled(double[][] weighted, double weight, double[][] term) {
    for (int i = 0; i < weighted.length; i++) {
      for (int j = 0; j < weighted[i].length; j++) {
        weighted[i][j] += weight * term[i][j];
      }
    }
  }
}
