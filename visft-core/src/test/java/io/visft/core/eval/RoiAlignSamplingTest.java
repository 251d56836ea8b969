package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Properties of the RoI-align sampling matrix on a 2-image, 5×7 map at patch 4 (image 20×28 pixels). */
class RoiAlignSamplingTest {
  private static final int BATCH = 2;
  private static final int HEIGHT = 5;
  private static final int WIDTH = 7;
  private static final double SCALE = 0.25;

  private static HostTensor box(int image, double x0, double y0, double x1, double y1) {
    return HostTensor.ofFloats(new float[] {image, (float) x0, (float) y0, (float) x1, (float) y1}, 1, 5);
  }

  /** A box inside the image, from fractions of its size; the second corner after the first. */
  private static HostTensor insideBox(int image, double fx, double fy, double fw, double fh) {
    double x0 = fx * WIDTH / SCALE;
    double y0 = fy * HEIGHT / SCALE;
    return box(image, x0, y0, x0 + fw * (WIDTH / SCALE - x0), y0 + fh * (HEIGHT / SCALE - y0));
  }

  @Property(tries = 50)
  void aBoxInsideTheImageAveragesItsOwnImageWithWeightsSummingToOne(
      @ForAll @IntRange(min = 0, max = 1) int image,
      @ForAll @DoubleRange(min = 0, max = 0.9) double fx, @ForAll @DoubleRange(min = 0, max = 0.9) double fy,
      @ForAll @DoubleRange(min = 0, max = 1) double fw, @ForAll @DoubleRange(min = 0, max = 1) double fh,
      @ForAll @IntRange(min = 1, max = 4) int outputSize, @ForAll @IntRange(min = 0, max = 3) int ratio) {
    float[] row = RoiAlignSampling.weights(insideBox(image, fx, fy, fw, fh), BATCH, HEIGHT, WIDTH, SCALE,
        RoiAlignConfig.aligned(outputSize, ratio)).toFloatArray();
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
    Assume.that(ratio > 0 || (fw > 0 && fh > 0)); // an empty box with an adaptive ratio has no sampling points
    assertEquals(1, own, 1e-5);
  }

  /** On a map that is its own column coordinate, an interior box pools to its centre (in cells). */
  @Property(tries = 50)
  void aRampMapPoolsToTheBoxCentre(
      @ForAll @DoubleRange(min = 0.1, max = 0.8) double fx, @ForAll @DoubleRange(min = 0.1, max = 0.8) double fy,
      @ForAll @DoubleRange(min = 0.05, max = 0.7) double fw, @ForAll @DoubleRange(min = 0.05, max = 0.7) double fh,
      @ForAll @IntRange(min = 1, max = 3) int outputSize, @ForAll @IntRange(min = 1, max = 3) int ratio) {
    HostTensor box = insideBox(0, fx, fy, fw, fh);
    float[] b = box.toFloatArray();
    float[] row = RoiAlignSampling.weights(box, 1, HEIGHT, WIDTH, SCALE, RoiAlignConfig.aligned(outputSize, ratio))
        .toFloatArray();
    double pooled = 0;
    for (int c = 0; c < row.length; c++) {
      pooled += row[c] * (c % WIDTH);
    }
    double centre = (b[1] + b[3]) / 2 * SCALE - 0.5;
    double firstPoint = b[1] * SCALE - 0.5 + (b[3] - b[1]) * SCALE / (2.0 * outputSize * ratio);
    double lastPoint = 2 * centre - firstPoint;
    Assume.that(firstPoint >= 0 && lastPoint <= WIDTH - 1); // no point clamped at the border
    assertEquals(centre, pooled, 1e-4);
  }

  @Test
  void aBoxBeyondTheMapGetsNoWeight() {
    float[] row = RoiAlignSampling.weights(box(1, 40, 30, 50, 40), BATCH, HEIGHT, WIDTH, SCALE,
        RoiAlignConfig.detectron2()).toFloatArray();
    for (float w : row) {
      assertEquals(0, w);
    }
  }

  @Test
  void malformedBoxesAreRefusedWithTheReason() {
    ShapeException shape = assertThrows(ShapeException.class, () -> RoiAlignSampling.weights(
        HostTensor.ofFloats(new float[4], 1, 4), BATCH, HEIGHT, WIDTH, SCALE, RoiAlignConfig.detectron2()));
    assertTrue(shape.getMessage().contains("[K, 5]"), shape.getMessage());
    IllegalArgumentException index = assertThrows(IllegalArgumentException.class, () -> RoiAlignSampling.weights(
        box(2, 0, 0, 4, 4), BATCH, HEIGHT, WIDTH, SCALE, RoiAlignConfig.detectron2()));
    assertTrue(index.getMessage().contains("batch index 2.0; expected an integer in [0, 2)"), index.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RoiAlignConfig.aligned(0, 2));
    assertThrows(IllegalArgumentException.class, () -> RoiAlignConfig.aligned(2, -1));
  }
}
