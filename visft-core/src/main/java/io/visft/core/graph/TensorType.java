package io.visft.core.graph;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.util.Arrays;

/**
 * The static type of a graph value: element type and a fully known shape.
 *
 * @param dtype element type
 * @param shape dimensions, outermost first; empty for a scalar
 */
public record TensorType(DType dtype, long[] shape) {

  public TensorType {
    shape = shape.clone();
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
    }
  }

  public static TensorType of(DType dtype, long... shape) {
    return new TensorType(dtype, shape);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Dimension {@code axis}; negative axes count from the end. */
  public long dim(int axis) {
    return shape[normalizeAxis(axis, shape.length)];
  }

  public long numel() {
    return HostTensor.numel(shape);
  }

  public TensorType withShape(long... newShape) {
    return new TensorType(dtype, newShape);
  }

  public TensorType withDType(DType newType) {
    return new TensorType(newType, shape);
  }

  /** Maps a possibly negative axis into {@code [0, rank)}. */
  public static int normalizeAxis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= Math.max(rank, 1)) {
      throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + rank);
    }
    return (int) a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorType t && t.dtype == dtype && Arrays.equals(t.shape, shape);
  }

  @Override
  public int hashCode() {
    return dtype.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape);
  }
}
