package io.visft.lora.kernels;

import static io.visft.lora.kernels.RowLoops.PANEL_ROWS;

/**
 * {@code W += s B A} on the CPU. Each chunk owns a range of weight rows; it walks them in column
 * tiles so that the tile of {@code A} ({@code rank} rows of {@link #COLUMN_TILE} floats) stays in
 * the L2 cache while {@link RowLoops#PANEL_ROWS} weight rows are updated against it. Every weight
 * element is updated by one thread in a fixed order, so results do not depend on the parallelism.
 */
final class MergePass {

  /** Columns per tile; {@code rank * COLUMN_TILE} floats of {@code A} are reused per tile. */
  static final int COLUMN_TILE = 512;

  private MergePass() {}

  static void run(
      ChunkRunner runner, LoraShape shape, WeightRows w, float[] a, float[] b, float scale) {
    int in = shape.inFeatures();
    int out = shape.outFeatures();
    int rank = shape.rank();
    float[][] aRows = RowLoops.splitRows(a, rank, in);
    int panels = (out + PANEL_ROWS - 1) / PANEL_ROWS;
    int chunks = runner.chunkCount(panels);
    runner.run(
        chunks,
        chunk -> {
          float[] wRow = new float[in];
          int firstRow = ChunkRunner.firstPanel(chunk, chunks, panels) * PANEL_ROWS;
          int endRow =
              Math.min(out, ChunkRunner.firstPanel(chunk + 1, chunks, panels) * PANEL_ROWS);
          for (int row0 = firstRow; row0 < endRow; row0 += PANEL_ROWS) {
            int rowEnd = Math.min(endRow, row0 + PANEL_ROWS);
            for (int col0 = 0; col0 < in; col0 += COLUMN_TILE) {
              int width = Math.min(COLUMN_TILE, in - col0);
              for (int o = row0; o < rowEnd; o++) {
                int offset = o * in + col0;
                w.read(offset, wRow, col0, width);
                RowLoops.accumulate(wRow, scale, b, o * rank, aRows, rank, col0, col0 + width);
                w.write(offset, wRow, col0, width);
              }
            }
          }
        });
  }
}
