package io.visft.lora.kernels;

import java.util.Arrays;

/**
 * The inner loops of {@link CpuLoraKernels}.
 *
 * <p>Every loop that does arithmetic indexes all of its arrays with the same index, starting at the
 * same offset. HotSpot's C2 compiler (JDK 17) only vectorises a loop over several arrays of one
 * element type when it can rule out a dependence between iterations, which it can when the index
 * expressions are identical and cannot when, say, {@code y[yo + j]} and {@code x[xo + j]} use two
 * unknown offsets; the second form runs several times slower. So kernels copy the rows they touch
 * into scratch arrays that line up, and accumulate in float over four source rows per pass to
 * quarter the loads and stores of the destination.
 */
final class RowLoops {

  /** Rows of the activation panels the kernels work on at once. */
  static final int PANEL_ROWS = 64;

  private RowLoops() {}

  /**
   * {@code dst[j] += scale * sum(q < count) coef[coefOffset + q] * sources[q][j]} for {@code from
   * <= j < to}.
   */
  static void accumulate(
      float[] dst,
      float scale,
      float[] coef,
      int coefOffset,
      float[][] sources,
      int count,
      int from,
      int to) {
    int q = 0;
    for (; q + 4 <= count; q += 4) {
      int c = coefOffset + q;
      float c0 = scale * coef[c];
      float c1 = scale * coef[c + 1];
      float c2 = scale * coef[c + 2];
      float c3 = scale * coef[c + 3];
      float[] s0 = sources[q];
      float[] s1 = sources[q + 1];
      float[] s2 = sources[q + 2];
      float[] s3 = sources[q + 3];
      for (int j = from; j < to; j++) {
        dst[j] += c0 * s0[j] + c1 * s1[j] + c2 * s2[j] + c3 * s3[j];
      }
    }
    for (; q < count; q++) {
      float c0 = scale * coef[coefOffset + q];
      float[] s0 = sources[q];
      for (int j = from; j < to; j++) {
        dst[j] += c0 * s0[j];
      }
    }
  }

  /**
   * Thin product of a panel of rows with factor rows: {@code out[k][b] = sum(j < cols) src[(row0 +
   * b) * cols + j] * factors[k][j]} for {@code k < factors.length}, {@code b < rows}. The panel is
   * transposed one strip of {@link #PANEL_ROWS} columns at a time into {@code strip}, small enough
   * to stay in the L1 cache, and each strip is folded into every {@code out[k]} before the next.
   *
   * @param factors {@code [rank][cols]}
   * @param out {@code [rank][PANEL_ROWS]}, overwritten in its first {@code rows} columns
   * @param strip scratch, {@code [PANEL_ROWS][PANEL_ROWS]}
   */
  static void project(
      float[] src,
      int row0,
      int rows,
      int cols,
      float[][] factors,
      float[][] out,
      float[][] strip) {
    for (float[] o : out) {
      Arrays.fill(o, 0, rows, 0f);
    }
    for (int col0 = 0; col0 < cols; col0 += PANEL_ROWS) {
      int width = Math.min(PANEL_ROWS, cols - col0);
      transposeBlock(src, row0, rows, cols, col0, width, strip);
      for (int k = 0; k < factors.length; k++) {
        accumulate(out[k], 1f, factors[k], col0, strip, width, 0, rows);
      }
    }
  }

  /**
   * Copies a block of a row-major matrix transposed: {@code dstT[j][b] = src[(row0 + b) * cols +
   * col0 + j]} for {@code b < rows}, {@code j < width}. Eight rows at a time, so that reads stream
   * along eight rows and writes fill eight adjacent floats.
   */
  static void transposeBlock(
      float[] src, int row0, int rows, int cols, int col0, int width, float[][] dstT) {
    int b = 0;
    for (; b + 8 <= rows; b += 8) {
      int p0 = (row0 + b) * cols + col0;
      int p1 = p0 + cols;
      int p2 = p1 + cols;
      int p3 = p2 + cols;
      int p4 = p3 + cols;
      int p5 = p4 + cols;
      int p6 = p5 + cols;
      int p7 = p6 + cols;
      for (int j = 0; j < width; j++) {
        float[] d = dstT[j];
        d[b] = src[p0 + j];
        d[b + 1] = src[p1 + j];
        d[b + 2] = src[p2 + j];
        d[b + 3] = src[p3 + j];
        d[b + 4] = src[p4 + j];
        d[b + 5] = src[p5 + j];
        d[b + 6] = src[p6 + j];
        d[b + 7] = src[p7 + j];
      }
    }
    for (; b < rows; b++) {
      int p = (row0 + b) * cols + col0;
      for (int j = 0; j < width; j++) {
        dstT[j][b] = src[p + j];
      }
    }
  }

  /**
   * Copies {@code rows} rows of a row-major matrix into separate arrays: {@code dst[b] = src row
   * (row0 + b)}.
   */
  static void copyRows(float[] src, int row0, int rows, int cols, float[][] dst) {
    for (int b = 0; b < rows; b++) {
      System.arraycopy(src, (row0 + b) * cols, dst[b], 0, cols);
    }
  }

  /** Column {@code b} of a {@code [rank][PANEL_ROWS]} panel, gathered into {@code dst[0, rank)}. */
  static void gatherColumn(float[][] panel, int b, float[] dst) {
    for (int k = 0; k < panel.length; k++) {
      dst[k] = panel[k][b];
    }
  }

  /** The rows of a row-major {@code [rows, cols]} matrix as separate arrays. */
  static float[][] splitRows(float[] matrix, int rows, int cols) {
    float[][] out = new float[rows][cols];
    copyRows(matrix, 0, rows, cols, out);
    return out;
  }

  /**
   * The columns of a row-major {@code [rows, cols]} matrix as separate arrays: {@code out[c][r] =
   * m[r, c]}.
   */
  static float[][] splitColumns(float[] matrix, int rows, int cols) {
    float[][] out = new float[cols][rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c][r] = matrix[r * cols + c];
      }
    }
    return out;
  }
}
