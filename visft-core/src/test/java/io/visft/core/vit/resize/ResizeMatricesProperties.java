package io.visft.core.vit.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ResizeMatricesProperties {

  private static final double EPS = 1e-12;

  @Property
  void everyRowSumsToOne(@ForAll ResizeMode mode, @ForAll @IntRange(min = 1, max = 40) int in,
      @ForAll @IntRange(min = 1, max = 40) int out) {
    ResizeMatrix m = ResizeMatrices.axis(mode, in, out);
    for (int r = 0; r < out; r++) {
      double sum = 0;
      for (int c = 0; c < in; c++) {
        sum += m.get(r, c);
      }
      assertEquals(1, sum, EPS, mode + " " + in + "->" + out + " row " + r);
    }
  }

  @Property
  void sameSizeIsTheIdentity(@ForAll ResizeMode mode, @ForAll @IntRange(min = 1, max = 40) int n) {
    ResizeMatrix m = ResizeMatrices.axis(mode, n, n);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        assertEquals(r == c ? 1 : 0, m.get(r, c), EPS);
      }
    }
  }

  @Property
  void mapsAreMirrorSymmetric(@ForAll ResizeMode mode, @ForAll @IntRange(min = 1, max = 40) int in,
      @ForAll @IntRange(min = 1, max = 40) int out) {
    ResizeMatrix m = ResizeMatrices.axis(mode, in, out);
    for (int r = 0; r < out; r++) {
      for (int c = 0; c < in; c++) {
        assertEquals(m.get(r, c), m.get(out - 1 - r, in - 1 - c), 1e-9, "half-pixel centres mirror");
      }
    }
  }

  @Property
  void bilinearWeightsAreConvexAndTouchAtMostTwoSamples(
      @ForAll @IntRange(min = 1, max = 40) int in, @ForAll @IntRange(min = 1, max = 40) int out) {
    ResizeMatrix m = ResizeMatrices.axis(ResizeMode.BILINEAR, in, out);
    for (int r = 0; r < out; r++) {
      int nonZero = 0;
      for (int c = 0; c < in; c++) {
        double w = m.get(r, c);
        assertTrue(w >= 0 && w <= 1, "weight " + w);
        nonZero += w != 0 ? 1 : 0;
      }
      assertTrue(nonZero <= 2, "row " + r + " touches " + nonZero + " samples");
    }
  }

  @Property
  void separableApplyEqualsTheKroneckerMap(@ForAll ResizeMode mode,
      @ForAll @IntRange(min = 1, max = 9) int ih, @ForAll @IntRange(min = 1, max = 9) int iw,
      @ForAll @IntRange(min = 1, max = 9) int oh, @ForAll @IntRange(min = 1, max = 9) int ow,
      @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll long seed) {
    SeparableResize resize = ResizeMatrices.separable(mode, ih, iw, oh, ow);
    Random random = new Random(seed);
    double[] grid = new double[ih * iw * channels];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = random.nextGaussian();
    }
    double[] separable = resize.apply(grid, channels);
    ResizeMatrix full = resize.kronecker();
    for (int r = 0; r < full.rows(); r++) {
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int k = 0; k < full.cols(); k++) {
          sum += full.get(r, k) * grid[k * channels + c];
        }
        assertEquals(sum, separable[r * channels + c], 1e-9);
      }
    }
  }

  @Property
  void floatApplyMatchesDoubleApply(@ForAll ResizeMode mode, @ForAll @IntRange(min = 1, max = 20) int out,
      @ForAll long seed) {
    SeparableResize resize = ResizeMatrices.separable(mode, 16, 16, out, out + 1);
    Random random = new Random(seed);
    float[] grid = new float[16 * 16 * 2];
    double[] wide = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (float) random.nextGaussian();
      wide[i] = grid[i];
    }
    float[] narrow = resize.apply(grid, 2);
    double[] reference = resize.apply(wide, 2);
    for (int i = 0; i < reference.length; i++) {
      assertEquals((float) reference[i], narrow[i]);
    }
  }

  @Example
  void tensorExportKeepsShapeAndValues() {
    ResizeMatrix m = ResizeMatrices.axis(ResizeMode.BICUBIC, 16, 24);
    assertArrayEquals(new long[] {24, 16}, m.toTensorF32().shape());
    assertEquals((float) m.get(5, 3), m.toTensorF32().toFloatArray()[5 * 16 + 3]);
  }

  @Example
  void badSizesAreCallerMistakes() {
    assertThrows(IllegalArgumentException.class, () -> ResizeMatrices.axis(ResizeMode.BICUBIC, 0, 4));
    SeparableResize resize = ResizeMatrices.separable(ResizeMode.BILINEAR, 2, 2, 3, 3);
    assertThrows(IllegalArgumentException.class, () -> resize.apply(new double[7], 2));
  }
}
