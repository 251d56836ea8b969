package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of the RoI-align sampling matrix on a 2-image, 5×7 map at patch 4 (image 20×28
 * pixels).
 */
class RoiAlignSamplingTest {
  private static final int BATCH = 2;
  private static final int HEIGHT = 5;
  private static final int WIDTH = 7;
  private static final double SCALE = 0.25;

  private static HostTensor box(int image, double x0, double y0, double x1, double y1) {
    return HostTensor.ofFloats(
        new float[] {image, (float) x0, (float) y0, (float) x1, (float) y1}, 1, 5);
  }

  /** A box inside the image, from fractions of its size; the second corner after the first. */
  private static HostTensor insideBox(int image, double fx, double fy, double fw, double fh) {
    double x0 = fx * WIDTH / SCALE;
    double y0 = fy * HEIGHT / SCALE;
    return box(image, x0, y0, x0 + fw * (WIDTH / SCALE - x0), y0 + fh * (HEIGHT / SCALE - y0));
  }

  /**
   * Box corner {@code (fx, fy)} and extent {@code (fw, fh)} as fractions of the image and of the
   * room left.
   */
  record Fractions(double fx, double fy, double fw, double fh) {}

  /** Fractions in hundredths: corners in [low, high], extents in [lowExtent, highExtent]. */
  private static Gen<Fractions> fractions(int low, int high, int lowExtent, int highExtent) {
    Gen<Double> corner = integers().between(low, high).map(i -> i / 100.0);
    Gen<Double> extent = integers().between(lowExtent, highExtent).map(i -> i / 100.0);
    return corner.zip(corner, extent, extent, Fractions::new);
  }

  @Test
  void aBoxInsideTheImageAveragesItsOwnImageWithWeightsSummingToOne() {
    qt().withExamples(50)
        .forAll(
            integers().between(0, 1),
            fractions(0, 90, 0, 100),
            integers().between(1, 4),
            integers().between(0, 3))
        .checkAssert(
            (image, f, outputSize, ratio) -> {
              float[] row =
                  RoiAlignSampling.weights(
                          insideBox(image, f.fx(), f.fy(), f.fw(), f.fh()),
                          BATCH,
                          HEIGHT,
                          WIDTH,
                          SCALE,
                          RoiAlignConfig.aligned(outputSize, ratio))
                      .toFloatArray();
              int cells = HEIGHT * WIDTH;
              double own = 0;
              for (int c = 0; c < row.length; c++) {
                assertTrue(row[c] >= 0, "negative weight at " + c);
                if (c / cells == image) {
                  own += row[c];
                } else {
                  assertEquals(0, row[c], "weight on the other image at " + c);
                }
              }
              boolean noPoints =
                  ratio == 0 && (f.fw() == 0 || f.fh() == 0); // an empty box with an adaptive ratio
              assertEquals(noPoints ? 0 : 1, own, 1e-5);
            });
  }

  /** On a map that is its own column coordinate, an interior box pools to its centre (in cells). */
  @Test
  void aRampMapPoolsToTheBoxCentre() {
    qt().withExamples(50)
        .forAll(fractions(10, 80, 5, 70), integers().between(1, 3), integers().between(1, 3))
        .assuming(
            (f, outputSize, ratio) ->
                noPointClamped(insideBox(0, f.fx(), f.fy(), f.fw(), f.fh()), outputSize, ratio))
        .checkAssert(
            (f, outputSize, ratio) -> {
              HostTensor box = insideBox(0, f.fx(), f.fy(), f.fw(), f.fh());
              float[] b = box.toFloatArray();
              float[] row =
                  RoiAlignSampling.weights(
                          box, 1, HEIGHT, WIDTH, SCALE, RoiAlignConfig.aligned(outputSize, ratio))
                      .toFloatArray();
              double pooled = 0;
              for (int c = 0; c < row.length; c++) {
                pooled += row[c] * (c % WIDTH);
              }
              assertEquals(centre(b), pooled, 1e-4);
            });
  }

  private static double centre(float[] box) {
    return (box[1] + box[3]) / 2 * SCALE - 0.5;
  }

  /**
   * Whether the first and last sampling points along x lie inside the map, so none is clamped at
   * the border.
   */
  private static boolean noPointClamped(HostTensor box, int outputSize, int ratio) {
    float[] b = box.toFloatArray();
    double firstPoint = b[1] * SCALE - 0.5 + (b[3] - b[1]) * SCALE / (2.0 * outputSize * ratio);
    double lastPoint = 2 * centre(b) - firstPoint;
    return firstPoint >= 0 && lastPoint <= WIDTH - 1;
  }

  @Test
  void aBoxBeyondTheMapGetsNoWeight() {
    float[] row =
        RoiAlignSampling.weights(
                box(1, 40, 30, 50, 40), BATCH, HEIGHT, WIDTH, SCALE, RoiAlignConfig.detectron2())
            .toFloatArray();
    for (float w : row) {
      assertEquals(0, w);
    }
  }

  @Test
  void malformedBoxesAreRefusedWithTheReason() {
    ShapeException shape =
        assertThrows(
            ShapeException.class,
            () ->
                RoiAlignSampling.weights(
                    HostTensor.ofFloats(new float[4], 1, 4),
                    BATCH,
                    HEIGHT,
                    WIDTH,
                    SCALE,
                    RoiAlignConfig.detectron2()));
    assertTrue(shape.getMessage().contains("[K, 5]"), shape.getMessage());
    IllegalArgumentException index =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RoiAlignSampling.weights(
                    box(2, 0, 0, 4, 4), BATCH, HEIGHT, WIDTH, SCALE, RoiAlignConfig.detectron2()));
    assertTrue(
        index.getMessage().contains("batch index 2.0; expected an integer in [0, 2)"),
        index.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RoiAlignConfig.aligned(0, 2));
    assertThrows(IllegalArgumentException.class, () -> RoiAlignConfig.aligned(2, -1));
  }
}
