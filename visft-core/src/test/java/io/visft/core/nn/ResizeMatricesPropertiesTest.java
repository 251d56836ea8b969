package io.visft.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.enumValues;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class ResizeMatricesPropertiesTest {

  private static final double EPS = 1e-12;

  @Test
  void everyRowSumsToOne() {
    qt().withExamples(1000)
        .forAll(enumValues(ResizeMode.class), integers().between(1, 40), integers().between(1, 40))
        .checkAssert(
            (mode, in, out) -> {
              ResizeMatrix m = ResizeMatrices.axis(mode, in, out);
              for (int r = 0; r < out; r++) {
                double sum = 0;
                for (int c = 0; c < in; c++) {
                  sum += m.get(r, c);
                }
                assertEquals(1, sum, EPS, mode + " " + in + "->" + out + " row " + r);
              }
            });
  }

  @Test
  void sameSizeIsTheIdentity() {
    qt().withExamples(1000)
        .forAll(enumValues(ResizeMode.class), integers().between(1, 40))
        .checkAssert(
            (mode, n) -> {
              ResizeMatrix m = ResizeMatrices.axis(mode, n, n);
              for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                  assertEquals(r == c ? 1 : 0, m.get(r, c), EPS);
                }
              }
            });
  }

  @Test
  void mapsAreMirrorSymmetric() {
    qt().withExamples(1000)
        .forAll(enumValues(ResizeMode.class), integers().between(1, 40), integers().between(1, 40))
        .checkAssert(
            (mode, in, out) -> {
              ResizeMatrix m = ResizeMatrices.axis(mode, in, out);
              for (int r = 0; r < out; r++) {
                for (int c = 0; c < in; c++) {
                  assertEquals(
                      m.get(r, c),
                      m.get(out - 1 - r, in - 1 - c),
                      1e-9,
                      "half-pixel centres mirror");
                }
              }
            });
  }

  @Test
  void bilinearWeightsAreConvexAndTouchAtMostTwoSamples() {
    qt().withExamples(1000)
        .forAll(integers().between(1, 40), integers().between(1, 40))
        .checkAssert(
            (in, out) -> {
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
            });
  }

  /** A separable resize of a {@code [ih, iw, channels]} grid to {@code [oh, ow, channels]}. */
  record SeparableCase(
      ResizeMode mode, int ih, int iw, int oh, int ow, int channels, double[] grid) {
    @Override
    public String toString() {
      return mode
          + " "
          + ih
          + "x"
          + iw
          + " -> "
          + oh
          + "x"
          + ow
          + ", "
          + channels
          + " channels, grid "
          + Arrays.toString(grid);
    }
  }

  private static Gen<double[]> values(int count) {
    return lists()
        .of(doubles().between(-3, 3))
        .ofSize(count)
        .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static Gen<SeparableCase> separableCases() {
    Gen<Integer> side = integers().between(1, 9);
    Gen<int[]> sides = side.zip(side, side, side, (ih, iw, oh, ow) -> new int[] {ih, iw, oh, ow});
    return enumValues(ResizeMode.class)
        .zip(
            sides,
            integers().between(1, 3),
            (mode, s, channels) ->
                values(s[0] * s[1] * channels)
                    .map(grid -> new SeparableCase(mode, s[0], s[1], s[2], s[3], channels, grid)))
        .flatMap(c -> c);
  }

  @Test
  void separableApplyEqualsTheKroneckerMap() {
    qt().withExamples(1000)
        .forAll(separableCases())
        .checkAssert(
            c -> {
              SeparableResize resize =
                  ResizeMatrices.separable(c.mode(), c.ih(), c.iw(), c.oh(), c.ow());
              double[] grid = c.grid();
              int channels = c.channels();
              double[] separable = resize.apply(grid, channels);
              ResizeMatrix full = resize.kronecker();
              for (int r = 0; r < full.rows(); r++) {
                for (int ch = 0; ch < channels; ch++) {
                  double sum = 0;
                  for (int k = 0; k < full.cols(); k++) {
                    sum += full.get(r, k) * grid[k * channels + ch];
                  }
                  assertEquals(sum, separable[r * channels + ch], 1e-9);
                }
              }
            });
  }

  @Test
  void floatApplyMatchesDoubleApply() {
    qt().withExamples(1000)
        .forAll(enumValues(ResizeMode.class), integers().between(1, 20), values(16 * 16 * 2))
        .checkAssert(
            (mode, out, values) -> {
              SeparableResize resize = ResizeMatrices.separable(mode, 16, 16, out, out + 1);
              float[] grid = new float[values.length];
              double[] wide = new double[grid.length];
              for (int i = 0; i < grid.length; i++) {
                grid[i] = (float) values[i];
                wide[i] = grid[i];
              }
              float[] narrow = resize.apply(grid, 2);
              double[] reference = resize.apply(wide, 2);
              for (int i = 0; i < reference.length; i++) {
                assertEquals((float) reference[i], narrow[i]);
              }
            });
  }

  @Test
  void tensorExportKeepsShapeAndValues() {
    ResizeMatrix m = ResizeMatrices.axis(ResizeMode.BICUBIC, 16, 24);
    assertArrayEquals(new long[] {24, 16}, m.toTensorF32().shape());
    assertEquals((float) m.get(5, 3), m.toTensorF32().toFloatArray()[5 * 16 + 3]);
  }

  @Test
  void badSizesAreCallerMistakes() {
    assertThrows(
        IllegalArgumentException.class, () -> ResizeMatrices.axis(ResizeMode.BICUBIC, 0, 4));
    SeparableResize resize = ResizeMatrices.separable(ResizeMode.BILINEAR, 2, 2, 3, 3);
    assertThrows(IllegalArgumentException.class, () -> resize.apply(new double[7], 2));
  }
}
