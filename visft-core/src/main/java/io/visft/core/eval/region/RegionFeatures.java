package io.visft.core.eval.region;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.RoiAlignConfig;
import io.visft.core.eval.RoiAlignSampling;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One feature vector per region, RoI-align pooled from the dense maps of the embedded images: the
 * {@link RoiAlignSampling} row of each box times its image's map, on the host (the maps come from
 * the embedding cache, so the backbone does not run again). Stateless and thread-safe.
 */
public final class RegionFeatures {
  private RegionFeatures() {}

  /**
   * @param dense {@code [n, C, h, w]} F32 maps of the images embedded at {@code imageSize ×
   *     imageSize}
   * @param regions boxes in pixels of the embedded images
   * @param imageSize side of the embedded images; the map's cells per pixel are {@code h /
   *     imageSize} (and {@code w / imageSize})
   * @return {@code [R, C]}, in region order
   * @throws ShapeException if {@code dense} is not a 4-d map with as many rows as needed
   */
  public static FeatureMatrix pool(
      HostTensor dense, List<Region> regions, int imageSize, RoiAlignConfig align) {
    long[] shape = dense.shape();
    if (shape.length != 4 || shape[2] != shape[3] || shape[2] < 1) {
      throw new ShapeException(
          "region pooling needs square dense maps [n, C, h, h], got " + Arrays.toString(shape));
    }
    checkArgument(imageSize > 0, "imageSize %s must be positive", imageSize);
    int channels = (int) shape[1];
    int side = (int) shape[2];
    int cells = side * side;
    FloatBuffer map = dense.floatView();
    float[] out = new float[regions.size() * channels];
    for (int r = 0; r < regions.size(); r++) {
      Region region = regions.get(r);
      if (region.image() >= shape[0]) {
        throw new ShapeException(
            "region "
                + r
                + " is in image "
                + region.image()
                + " but only "
                + shape[0]
                + " images were embedded");
      }
      HostTensor box =
          HostTensor.ofFloats(
              new float[] {
                0,
                (float) region.box().x0(),
                (float) region.box().y0(),
                (float) region.box().x1(),
                (float) region.box().y1()
              },
              1,
              5);
      float[] weights =
          RoiAlignSampling.weights(box, 1, side, side, (double) side / imageSize, align)
              .toFloatArray();
      long base = (long) region.image() * channels * cells;
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        int at = (int) (base + (long) c * cells);
        for (int cell = 0; cell < cells; cell++) {
          sum += weights[cell] * map.get(at + cell);
        }
        out[r * channels + c] = (float) sum;
      }
    }
    return new FeatureMatrix(regions.size(), channels, out);
  }
}
