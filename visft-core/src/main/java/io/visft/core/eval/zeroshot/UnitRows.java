package io.visft.core.eval.zeroshot;

import io.visft.core.eval.FeatureMatrix;

/** L2 normalisation of feature rows, as CLIP normalises both towers' outputs. Stateless. */
final class UnitRows {
  private UnitRows() {}

  /** {@code m} with each row scaled to unit L2 norm, in double precision; zero rows stay zero. */
  static double[][] of(FeatureMatrix m) {
    double[][] out = new double[m.rows()][m.dim()];
    for (int r = 0; r < m.rows(); r++) {
      double norm = 0;
      for (int c = 0; c < m.dim(); c++) {
        out[r][c] = m.get(r, c);
        norm += out[r][c] * out[r][c];
      }
      double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (int c = 0; c < m.dim(); c++) {
        out[r][c] *= scale;
      }
    }
    return out;
  }
}
