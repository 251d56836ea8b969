package io.visft.lora.kernels;

/**
 * Float64 reference of the LoRA products, written straight from the definitions, with the matching
 * magnitudes (the same products over absolute values) that bound the float rounding error of any
 * summation order: {@code |fl(sum) - sum| <= n * eps * sum|terms|}.
 */
final class LoraReference {

  /** A reference value and its rounding-error scale, elementwise. */
  record Result(double[] value, double[] magnitude) {}

  private LoraReference() {}

  /**
   * {@code [m, n] = L [m, k] * R [k, n]}, with {@code L} and {@code R} given by index functions.
   */
  interface Entry {
    double at(int row, int col);
  }

  static Result product(int m, int k, int n, Entry left, Entry right) {
    double[] value = new double[m * n];
    double[] magnitude = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double abs = 0;
        for (int q = 0; q < k; q++) {
          double term = left.at(i, q) * right.at(q, j);
          sum += term;
          abs += Math.abs(term);
        }
        value[i * n + j] = sum;
        magnitude[i * n + j] = abs;
      }
    }
    return new Result(value, magnitude);
  }

  /** {@code s (X A^T) B^T} as {@code [rows, out]}, with magnitude {@code |s| (|X| |A|^T) |B|^T}. */
  static Result delta(LoraShape shape, int rows, float[] x, float[] a, float[] b, float scale) {
    int in = shape.inFeatures();
    int rank = shape.rank();
    Result t = product(rows, in, rank, (i, j) -> x[i * in + j], (j, k) -> a[k * in + j]);
    Result tAbs =
        product(
            rows, in, rank, (i, j) -> Math.abs(x[i * in + j]), (j, k) -> Math.abs(a[k * in + j]));
    Result y =
        product(
            rows,
            rank,
            shape.outFeatures(),
            (i, k) -> scale * t.value()[i * rank + k],
            (k, o) -> b[o * rank + k]);
    Result yAbs =
        product(
            rows,
            rank,
            shape.outFeatures(),
            (i, k) -> Math.abs(scale) * tAbs.value()[i * rank + k],
            (k, o) -> Math.abs(b[o * rank + k]));
    return new Result(y.value(), yAbs.value());
  }

  /** {@code dX = s dY B A} as {@code [rows, in]}. */
  static Result dX(LoraShape shape, int rows, float[] a, float[] b, float scale, float[] dY) {
    int out = shape.outFeatures();
    int rank = shape.rank();
    int in = shape.inFeatures();
    Result g = product(rows, out, rank, (i, o) -> dY[i * out + o], (o, k) -> b[o * rank + k]);
    Result gAbs =
        product(
            rows,
            out,
            rank,
            (i, o) -> Math.abs(dY[i * out + o]),
            (o, k) -> Math.abs(b[o * rank + k]));
    Result v =
        product(rows, rank, in, (i, k) -> scale * g.value()[i * rank + k], (k, j) -> a[k * in + j]);
    Result m =
        product(
            rows,
            rank,
            in,
            (i, k) -> Math.abs(scale) * gAbs.value()[i * rank + k],
            (k, j) -> Math.abs(a[k * in + j]));
    return new Result(v.value(), m.value());
  }

  /** {@code dA = s (dY B)^T X} as {@code [rank, in]}. */
  static Result dA(LoraShape shape, int rows, float[] x, float[] b, float scale, float[] dY) {
    int out = shape.outFeatures();
    int rank = shape.rank();
    int in = shape.inFeatures();
    Result g = product(rows, out, rank, (i, o) -> dY[i * out + o], (o, k) -> b[o * rank + k]);
    Result gAbs =
        product(
            rows,
            out,
            rank,
            (i, o) -> Math.abs(dY[i * out + o]),
            (o, k) -> Math.abs(b[o * rank + k]));
    Result v =
        product(rank, rows, in, (k, i) -> scale * g.value()[i * rank + k], (i, j) -> x[i * in + j]);
    Result m =
        product(
            rank,
            rows,
            in,
            (k, i) -> Math.abs(scale) * gAbs.value()[i * rank + k],
            (i, j) -> Math.abs(x[i * in + j]));
    return new Result(v.value(), m.value());
  }

  /** {@code dB = s dY^T (X A^T)} as {@code [out, rank]}. */
  static Result dB(LoraShape shape, int rows, float[] x, float[] a, float scale, float[] dY) {
    int out = shape.outFeatures();
    int rank = shape.rank();
    int in = shape.inFeatures();
    Result t = product(rows, in, rank, (i, j) -> x[i * in + j], (j, k) -> a[k * in + j]);
    Result tAbs =
        product(
            rows, in, rank, (i, j) -> Math.abs(x[i * in + j]), (j, k) -> Math.abs(a[k * in + j]));
    Result v =
        product(
            out, rows, rank, (o, i) -> scale * dY[i * out + o], (i, k) -> t.value()[i * rank + k]);
    Result m =
        product(
            out,
            rows,
            rank,
            (o, i) -> Math.abs(scale * dY[i * out + o]),
            (i, k) -> tAbs.value()[i * rank + k]);
    return new Result(v.value(), m.value());
  }

  /** {@code s B A} as {@code [out, in]}. */
  static Result mergedDelta(LoraShape shape, float[] a, float[] b, float scale) {
    int rank = shape.rank();
    int in = shape.inFeatures();
    Result v =
        product(
            shape.outFeatures(),
            rank,
            in,
            (o, k) -> scale * b[o * rank + k],
            (k, j) -> a[k * in + j]);
    Result m =
        product(
            shape.outFeatures(),
            rank,
            in,
            (o, k) -> Math.abs(scale * b[o * rank + k]),
            (k, j) -> Math.abs(a[k * in + j]));
    return new Result(v.value(), m.value());
  }
}
