package io.visft.lora.kernels;

import static io.visft.lora.kernels.RowLoops.PANEL_ROWS;

import java.util.Arrays;

/**
 * Gradients of {@code s (X A^T) B^T} on the CPU. Each chunk walks its panels of {@link
 * RowLoops#PANEL_ROWS} rows and forms the thin products {@code T = X A^T} and {@code G = dY B}
 * ({@code [panel, rank]}); from them it writes {@code dX = s G A} row by row and accumulates its
 * own partial sums of {@code dA = s G^T X} and {@code dB^T = s T^T dY}. The partial sums are then
 * added in chunk order, so results are reproducible for a given parallelism (and differ across
 * parallelisms only by float rounding).
 */
final class BackwardPass {

  private BackwardPass() {}

  static void run(
      ChunkRunner runner,
      LoraShape shape,
      int rows,
      float[] x,
      float[] a,
      float[] b,
      float scale,
      float[] dY,
      LoraGradients into) {
    int in = shape.inFeatures();
    int out = shape.outFeatures();
    int rank = shape.rank();
    float[][] aRows = RowLoops.splitRows(a, rank, in);
    float[][] bColumns = RowLoops.splitColumns(b, out, rank);
    int panels = (rows + PANEL_ROWS - 1) / PANEL_ROWS;
    int chunks = runner.chunkCount(panels);
    float[][][] partialA = new float[chunks][][];
    float[][][] partialBt = new float[chunks][][];
    float[] dX = into.dX();
    runner.run(
        chunks,
        chunk -> {
          float[][] strip = new float[PANEL_ROWS][PANEL_ROWS];
          float[][] xRows = new float[PANEL_ROWS][in];
          float[][] dYRows = new float[PANEL_ROWS][out];
          float[][] t = new float[rank][PANEL_ROWS];
          float[][] g = new float[rank][PANEL_ROWS];
          float[] gRow = new float[rank];
          float[] dXRow = new float[in];
          float[][] dA = new float[rank][in];
          float[][] dBt = new float[rank][out];
          int last = ChunkRunner.firstPanel(chunk + 1, chunks, panels);
          for (int panel = ChunkRunner.firstPanel(chunk, chunks, panels); panel < last; panel++) {
            int row0 = panel * PANEL_ROWS;
            int panelRows = Math.min(PANEL_ROWS, rows - row0);
            RowLoops.copyRows(x, row0, panelRows, in, xRows);
            RowLoops.copyRows(dY, row0, panelRows, out, dYRows);
            RowLoops.project(x, row0, panelRows, in, aRows, t, strip);
            RowLoops.project(dY, row0, panelRows, out, bColumns, g, strip);
            for (int r = 0; r < panelRows; r++) {
              RowLoops.gatherColumn(g, r, gRow);
              Arrays.fill(dXRow, 0f);
              RowLoops.accumulate(dXRow, scale, gRow, 0, aRows, rank, 0, in);
              System.arraycopy(dXRow, 0, dX, (row0 + r) * in, in);
            }
            for (int k = 0; k < rank; k++) {
              RowLoops.accumulate(dA[k], scale, g[k], 0, xRows, panelRows, 0, in);
              RowLoops.accumulate(dBt[k], scale, t[k], 0, dYRows, panelRows, 0, out);
            }
          }
          partialA[chunk] = dA;
          partialBt[chunk] = dBt;
        });
    sumPartials(partialA, rank, in, into.dA());
    float[] dB = into.dB();
    Arrays.fill(dB, 0f);
    for (float[][] dBt : partialBt) {
      for (int k = 0; k < rank; k++) {
        float[] column = dBt[k];
        for (int o = 0; o < out; o++) {
          dB[o * rank + k] += column[o];
        }
      }
    }
  }

  private static void sumPartials(float[][][] partials, int rowCount, int cols, float[] dst) {
    Arrays.fill(dst, 0f);
    float[] row = new float[cols];
    for (int r = 0; r < rowCount; r++) {
      Arrays.fill(row, 0f);
      for (float[][] partial : partials) {
        float[] src = partial[r];
        for (int j = 0; j < cols; j++) {
          row[j] += src[j];
        }
      }
      System.arraycopy(row, 0, dst, r * cols, cols);
    }
  }
}
