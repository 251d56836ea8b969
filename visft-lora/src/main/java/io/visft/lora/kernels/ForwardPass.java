package io.visft.lora.kernels;

import static io.visft.lora.kernels.RowLoops.PANEL_ROWS;

/**
 * {@code Y += s (X A^T) B^T} on the CPU. Each chunk walks its panels of {@link RowLoops#PANEL_ROWS}
 * rows: it forms the thin product {@code T = X A^T [panel, rank]}, then adds {@code s T B^T} to
 * each row of {@code Y}. Every output row is computed by one thread in a fixed order, so results do
 * not depend on the parallelism.
 */
final class ForwardPass {

  private ForwardPass() {}

  static void run(
      ChunkRunner runner,
      LoraShape shape,
      int rows,
      float[] x,
      float[] a,
      float[] b,
      float scale,
      float[] y) {
    int in = shape.inFeatures();
    int out = shape.outFeatures();
    int rank = shape.rank();
    float[][] aRows = RowLoops.splitRows(a, rank, in);
    float[][] bColumns = RowLoops.splitColumns(b, out, rank);
    int panels = (rows + PANEL_ROWS - 1) / PANEL_ROWS;
    int chunks = runner.chunkCount(panels);
    runner.run(
        chunks,
        chunk -> {
          float[][] strip = new float[PANEL_ROWS][PANEL_ROWS];
          float[][] t = new float[rank][PANEL_ROWS];
          float[] tRow = new float[rank];
          float[] yRow = new float[out];
          int last = ChunkRunner.firstPanel(chunk + 1, chunks, panels);
          for (int panel = ChunkRunner.firstPanel(chunk, chunks, panels); panel < last; panel++) {
            int row0 = panel * PANEL_ROWS;
            int panelRows = Math.min(PANEL_ROWS, rows - row0);
            RowLoops.project(x, row0, panelRows, in, aRows, t, strip);
            for (int r = 0; r < panelRows; r++) {
              int offset = (row0 + r) * out;
              RowLoops.gatherColumn(t, r, tRow);
              System.arraycopy(y, offset, yRow, 0, out);
              RowLoops.accumulate(yRow, scale, tRow, 0, bColumns, rank, 0, out);
              System.arraycopy(yRow, 0, y, offset, out);
            }
          }
        });
  }
}
