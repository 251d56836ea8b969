package io.visft.core.nn;

import com.google.common.base.Preconditions;
import io.visft.api.HostTensor;

/**
 * A dense linear map stored row-major as {@code [rows, cols]}: output {@code r} is {@code sum_c
 * get(r, c) * input[c]}. Immutable and thread-safe (the values are copied in and out).
 *
 * @param rows output size
 * @param cols input size
 * @param values the {@code rows * cols} entries, row-major
 */
public record ResizeMatrix(int rows, int cols, double[] values) {

  /** Checks the sizes and copies {@code values}. */
  public ResizeMatrix {
    Preconditions.checkArgument(
        rows > 0 && cols > 0, "matrix size [%s, %s] must be positive", rows, cols);
    Preconditions.checkArgument(
        values.length == (long) rows * cols,
        "a [%s, %s] matrix needs %s values, got %s",
        rows,
        cols,
        (long) rows * cols,
        values.length);
    values = values.clone();
  }

  /** The entries, row-major (a copy). */
  @Override
  public double[] values() {
    return values.clone();
  }

  /** Entry {@code (row, col)}. */
  public double get(int row, int col) {
    Preconditions.checkElementIndex(row, rows, "row");
    Preconditions.checkElementIndex(col, cols, "col");
    return values[row * cols + col];
  }

  /** The matrix as an F32 tensor of shape {@code [rows, cols]}, e.g. for a graph constant. */
  public HostTensor toTensorF32() {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return HostTensor.ofFloats(floats, rows, cols);
  }
}
