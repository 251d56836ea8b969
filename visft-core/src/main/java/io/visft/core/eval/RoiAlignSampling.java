package io.visft.core.eval;

import com.google.common.base.Preconditions;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import java.util.Arrays;

/**
 * The RoI-align sampling matrix: row k holds the weights with which box k averages the cells of the
 * flattened dense map, so that the pooled vectors are one product {@code weights [K, B·h·w] × map
 * [B·h·w, D]} ({@link RoiPooling#pool}).
 *
 * <p>Each box is laid out as {@code torchvision.ops.roi_align} does: corners scaled by {@code
 * spatialScale} (and shifted by half a cell when aligned), S×S bins with a grid of sampling points
 * each, every point read bilinearly (zero when more than one cell outside the map, clamped to the
 * border otherwise). Averaging all S×S bins equals one bin with S·ratio points per side, so the row
 * is the mean over every sampling point of the box. Stateless and thread-safe.
 */
public final class RoiAlignSampling {
  private RoiAlignSampling() {}

  /**
   * @param boxes {@code [K, 5]} F32: batch index, x0, y0, x1, y1 in image pixels
   * @param batch B, the images of the map
   * @param height h, the map's rows
   * @param width w, the map's columns
   * @param spatialScale map cells per pixel, {@code 1 / patch} for a ViT map
   * @return F32 {@code [K, B·h·w]}, row-major over (batch, row, column)
   * @throws ShapeException if {@code boxes} is not {@code [K, 5]} F32
   * @throws IllegalArgumentException if a batch index is not an integer in {@code [0, B)}
   */
  public static HostTensor weights(
      HostTensor boxes,
      int batch,
      int height,
      int width,
      double spatialScale,
      RoiAlignConfig config) {
    long[] shape = boxes.shape();
    if (boxes.dtype() != DType.F32 || shape.length != 2 || shape[1] != 5) {
      throw new ShapeException(
          "boxes must be F32 [K, 5] (batch index, x0, y0, x1, y1), got "
              + boxes.dtype()
              + " "
              + Arrays.toString(shape));
    }
    Preconditions.checkArgument(
        batch > 0 && height > 0 && width > 0,
        "map size %sx%sx%s must be positive",
        batch,
        height,
        width);
    Preconditions.checkArgument(spatialScale > 0, "spatialScale %s must be positive", spatialScale);
    int k = (int) shape[0];
    int cells = height * width;
    float[] box = boxes.toFloatArray();
    float[] out = new float[Math.multiplyExact(k, batch * cells)];
    for (int r = 0; r < k; r++) {
      float index = box[5 * r];
      Preconditions.checkArgument(
          index == Math.rint(index) && index >= 0 && index < batch,
          "box %s has batch index %s; expected an integer in [0, %s)",
          r,
          index,
          batch);
      Sampler sampler = new Sampler(new double[cells], height, width);
      addBox(sampler, box, 5 * r, spatialScale, config);
      int rowStart = r * batch * cells + (int) index * cells;
      for (int c = 0; c < cells; c++) {
        out[rowStart + c] = (float) sampler.row[c];
      }
    }
    return HostTensor.ofFloats(out, k, (long) batch * cells);
  }

  private static void addBox(
      Sampler sampler, float[] box, int at, double scale, RoiAlignConfig config) {
    double offset = config.aligned() ? 0.5 : 0;
    double startX = box[at + 1] * scale - offset;
    double startY = box[at + 2] * scale - offset;
    double roiW = box[at + 3] * scale - offset - startX;
    double roiH = box[at + 4] * scale - offset - startY;
    if (!config.aligned()) {
      roiW = Math.max(roiW, 1);
      roiH = Math.max(roiH, 1);
    }
    int s = config.outputSize();
    int gridH = config.samplingRatio() > 0 ? config.samplingRatio() : (int) Math.ceil(roiH / s);
    int gridW = config.samplingRatio() > 0 ? config.samplingRatio() : (int) Math.ceil(roiW / s);
    double weight = 1.0 / ((double) s * s * Math.max(gridH * gridW, 1));
    int pointsY = s * gridH;
    int pointsX = s * gridW;
    for (int iy = 0; iy < pointsY; iy++) {
      double y = startY + (iy + 0.5) * roiH / pointsY;
      for (int ix = 0; ix < pointsX; ix++) {
        sampler.add(y, startX + (ix + 0.5) * roiW / pointsX, weight);
      }
    }
  }

  /**
   * Accumulates, in double precision, the bilinear weights of one box's points over its image's
   * cells.
   */
  private record Sampler(double[] row, int height, int width) {

    void add(double y, double x, double weight) {
      if (y < -1 || y > height || x < -1 || x > width) {
        return;
      }
      Corner cy = Corner.of(Math.max(y, 0), height);
      Corner cx = Corner.of(Math.max(x, 0), width);
      put(cy.low, cx.low, weight * (1 - cy.frac) * (1 - cx.frac));
      put(cy.low, cx.high, weight * (1 - cy.frac) * cx.frac);
      put(cy.high, cx.low, weight * cy.frac * (1 - cx.frac));
      put(cy.high, cx.high, weight * cy.frac * cx.frac);
    }

    private void put(int y, int x, double w) {
      row[y * width + x] += w;
    }
  }

  /** The two neighbouring cells of a coordinate along one axis; at the last cell both are it. */
  private record Corner(int low, int high, double frac) {
    static Corner of(double v, int size) {
      int low = (int) v;
      if (low >= size - 1) {
        return new Corner(size - 1, size - 1, 0);
      }
      return new Corner(low, low + 1, v - low);
    }
  }
}
