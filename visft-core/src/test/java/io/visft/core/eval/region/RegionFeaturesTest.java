package io.visft.core.eval.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.data.geometry.Box;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.RoiAlignConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Region pooling on maps whose channels are the cell's column and row: a box's pooled vector is
 * then the mean sampling position, known by hand.
 */
class RegionFeaturesTest {

  /** Two images, 4×4 maps, channels (column, row, image index). */
  private static HostTensor coordinateMaps() {
    float[] v = new float[2 * 3 * 16];
    for (int n = 0; n < 2; n++) {
      for (int cell = 0; cell < 16; cell++) {
        v[(n * 3) * 16 + cell] = cell % 4;
        v[(n * 3 + 1) * 16 + cell] = cell / 4;
        v[(n * 3 + 2) * 16 + cell] = n;
      }
    }
    return HostTensor.ofFloats(v, 2, 3, 4, 4);
  }

  @Test
  void poolsTheBoxOfTheRightImage() {
    // Images embedded at 32 px on a 4x4 map: 8 px per cell. Box (8, 0)-(24, 16) covers cells x
    // 1..2, y 0..1;
    // aligned sampling points sit at cell coordinates (x - 0.5): x in [0.5, 2.5], y in [-0.5, 1.5].
    List<Region> regions =
        List.of(new Region(1, new Box(8, 0, 24, 16), 0), new Region(0, new Box(0, 0, 32, 32), 1));
    FeatureMatrix f =
        RegionFeatures.pool(coordinateMaps(), regions, 32, RoiAlignConfig.aligned(2, 2));
    assertEquals(1.5, f.get(0, 0), 1e-5);
    assertEquals(1, f.get(0, 2), 1e-6);
    assertEquals(0, f.get(1, 2), 1e-6);
    // Whole image: points span [-0.5, 3.5] in cells, clamped to [0, 3] at the borders: symmetric,
    // mean 1.5.
    assertEquals(1.5, f.get(1, 0), 1e-5);
    assertEquals(1.5, f.get(1, 1), 1e-5);
  }

  @Test
  void aRegionOfAnImageNotEmbeddedIsAnError() {
    assertThrows(
        ShapeException.class,
        () ->
            RegionFeatures.pool(
                coordinateMaps(),
                List.of(new Region(2, new Box(0, 0, 8, 8), 0)),
                32,
                RoiAlignConfig.detectron2()));
  }
}
