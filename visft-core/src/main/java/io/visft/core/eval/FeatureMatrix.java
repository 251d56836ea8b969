package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;

/**
 * One feature vector per row, {@code [rows, dim]} row-major in floats.
 *
 * <p>Ownership: shares {@code values} without copying; every method returns new arrays. Treat as
 * immutable; then thread-safe.
 *
 * @param rows number of vectors, ≥ 0
 * @param dim vector length, positive
 * @param values {@code rows * dim} floats
 */
public record FeatureMatrix(int rows, int dim, float[] values) implements Serializable {

  public FeatureMatrix {
    checkArgument(
        rows >= 0 && dim > 0,
        "feature matrix needs rows >= 0 and dim > 0, got [%s, %s]",
        rows,
        dim);
    checkArgument(
        values.length == (long) rows * dim,
        "[%s, %s] needs %s values, got %s",
        rows,
        dim,
        (long) rows * dim,
        values.length);
  }

  /** Value at row {@code r}, column {@code c}. */
  public float get(int r, int c) {
    return values[r * dim + c];
  }

  /** The rows at {@code indices}, in that order. */
  public FeatureMatrix select(int[] indices) {
    float[] out = new float[indices.length * dim];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(values, indices[i] * dim, out, i * dim, dim);
    }
    return new FeatureMatrix(indices.length, dim, out);
  }

  /** Rows {@code [from, to)}. */
  public FeatureMatrix slice(int from, int to) {
    checkArgument(0 <= from && from <= to && to <= rows, "rows [%s, %s) of %s", from, to, rows);
    float[] out = new float[(to - from) * dim];
    System.arraycopy(values, from * dim, out, 0, out.length);
    return new FeatureMatrix(to - from, dim, out);
  }

  /** The largest {@code |value|}, 0 when there are no rows (NaN if any value is NaN). */
  public double maxAbs() {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /**
   * The mean row, {@code [dim]}: the column sums taken with {@link ExactSums} (so the mean of a
   * table split into parts, {@link #addColumnSums} per part, is the same to the bit) over the row
   * count.
   */
  public float[] columnMeans() {
    ExactSums sums = ExactSums.forValues(dim, rows, maxAbs());
    addColumnSums(sums);
    return means(sums, rows);
  }

  /** Adds every row to {@code sums} ({@code dim} slots). */
  public void addColumnSums(ExactSums sums) {
    checkArgument(sums.length() == dim, "sums have %s slots, expected %s", sums.length(), dim);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < dim; c++) {
        sums.add(c, values[r * dim + c]);
      }
    }
  }

  /** The mean row from column sums over {@code rows} rows ({@code 0} for no rows). */
  public static float[] means(ExactSums sums, long rows) {
    float[] mean = new float[sums.length()];
    for (int c = 0; c < mean.length; c++) {
      mean[c] = (float) (sums.get(c) / Math.max(rows, 1));
    }
    return mean;
  }

  /**
   * Each row minus {@code center}, then scaled to unit L2 norm (rows that become zero stay zero):
   * the "CL2N" normalisation of SimpleShot (Wang et al. 2019), with the center taken from the
   * training rows only.
   */
  public FeatureMatrix centeredUnitRows(float[] center) {
    checkArgument(center.length == dim, "center has %s values, expected %s", center.length, dim);
    float[] out = new float[values.length];
    for (int r = 0; r < rows; r++) {
      double norm = 0;
      for (int c = 0; c < dim; c++) {
        float v = values[r * dim + c] - center[c];
        out[r * dim + c] = v;
        norm += (double) v * v;
      }
      double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (int c = 0; c < dim; c++) {
        out[r * dim + c] *= (float) scale;
      }
    }
    return new FeatureMatrix(rows, dim, out);
  }
}
