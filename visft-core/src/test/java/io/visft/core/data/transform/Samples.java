package io.visft.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.data.geometry.Box;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.mask.BinaryMask;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random annotated images whose instances are axis-aligned rectangles, and the checks shared by the
 * transform tests.
 */
final class Samples {
  private Samples() {}

  /**
   * An image of random pixels with {@code objects} rectangles of sides at least {@code minSide},
   * each with a box equal to its mask's extent.
   */
  static AnnotatedImage rectangles(int height, int width, int objects, int minSide, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] planes = new float[3 * height * width];
    for (int i = 0; i < planes.length; i++) {
      planes[i] = rng.nextInt(256) / 255f;
    }
    List<InstanceTarget> instances = new ArrayList<>();
    for (int k = 0; k < objects; k++) {
      int h = rng.nextInt(minSide, height + 1);
      int w = rng.nextInt(minSide, width + 1);
      int top = rng.nextInt(height - h + 1);
      int left = rng.nextInt(width - w + 1);
      instances.add(
          new InstanceTarget(
              k + 1,
              new Box(left, top, left + w, top + h),
              BinaryMask.rectangle(height, width, top, left, top + h, left + w)));
    }
    return AnnotatedImage.of(new RgbImage(height, width, planes), instances);
  }

  /** Every box lies inside the image. */
  static void assertBoxesInside(AnnotatedImage sample) {
    for (InstanceTarget t : sample.instances()) {
      Box b = t.box();
      assertTrue(
          b.x0() >= 0 && b.y0() >= 0 && b.x1() <= sample.width() && b.y1() <= sample.height(),
          b + " outside " + sample.height() + "x" + sample.width());
      assertTrue(!b.isEmpty(), "empty box kept: " + b);
    }
  }

  /**
   * Every instance's box matches its mask's bounding box within {@code tolerance} pixels per edge.
   */
  static void assertBoxesMatchMasks(AnnotatedImage sample, double tolerance) {
    for (InstanceTarget t : sample.instances()) {
      Box fromMask =
          t.mask()
              .boundingBox()
              .orElseThrow(() -> new AssertionError("empty mask kept for " + t.box()));
      Box b = t.box();
      String message = "box " + b + " vs mask extent " + fromMask;
      assertEquals(fromMask.x0(), b.x0(), tolerance, message);
      assertEquals(fromMask.y0(), b.y0(), tolerance, message);
      assertEquals(fromMask.x1(), b.x1(), tolerance, message);
      assertEquals(fromMask.y1(), b.y1(), tolerance, message);
    }
  }
}
