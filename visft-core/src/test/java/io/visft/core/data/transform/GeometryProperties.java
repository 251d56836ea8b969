package io.visft.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.data.image.RgbColor;
import io.visft.core.data.image.RgbImage;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class GeometryProperties {

  @Property(tries = 100)
  void flippingTwiceIsTheIdentity(
      @ForAll @IntRange(min = 1, max = 24) int h, @ForAll @IntRange(min = 1, max = 24) int w, @ForAll long seed) {
    AnnotatedImage sample = Geometry.padBottomRight(Samples.rectangles(h, w, 3, 1, seed), h + 2, w + 3, RgbColor.grey(0.5f));
    assertEquals(sample, Geometry.flipHorizontal(Geometry.flipHorizontal(sample)));
  }

  @Property(tries = 100)
  void flipKeepsBoxesEqualToMaskExtents(
      @ForAll @IntRange(min = 1, max = 30) int h, @ForAll @IntRange(min = 1, max = 30) int w, @ForAll long seed) {
    AnnotatedImage flipped = Geometry.flipHorizontal(Samples.rectangles(h, w, 4, 1, seed));
    Samples.assertBoxesInside(flipped);
    Samples.assertBoxesMatchMasks(flipped, 0);
  }

  @Property(tries = 200)
  void cropClipsBoxesDropsEmptiedObjectsAndKeepsBoxesEqualToMaskExtents(
      @ForAll @IntRange(min = 2, max = 30) int h, @ForAll @IntRange(min = 2, max = 30) int w,
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int a, @ForAll @IntRange(min = 0, max = 1000) int b) {
    AnnotatedImage sample = Samples.rectangles(h, w, 4, 1, seed);
    int ch = 1 + a % h;
    int cw = 1 + b % w;
    int top = a % (h - ch + 1);
    int left = b % (w - cw + 1);
    AnnotatedImage cropped = Geometry.crop(sample, top, left, ch, cw);
    Samples.assertBoxesInside(cropped);
    Samples.assertBoxesMatchMasks(cropped, 0);
    long survivors = sample.instances().stream()
        .filter(t -> t.box().x1() > left && t.box().x0() < left + cw && t.box().y1() > top && t.box().y0() < top + ch)
        .count();
    assertEquals(survivors, cropped.instances().size(), "objects overlapping the crop are exactly those kept");
  }

  @Property(tries = 150)
  void resizeKeepsBoxesInsideAndWithinHalfAPixelOfMaskExtents(
      @ForAll @IntRange(min = 4, max = 30) int h, @ForAll @IntRange(min = 4, max = 30) int w, @ForAll long seed,
      @ForAll @IntRange(min = 50, max = 300) int heightPercent, @ForAll @IntRange(min = 50, max = 300) int widthPercent) {
    AnnotatedImage sample = Samples.rectangles(h, w, 3, 3, seed);
    int outH = Math.max(1, h * heightPercent / 100);
    int outW = Math.max(1, w * widthPercent / 100);
    AnnotatedImage resized = Geometry.resize(sample, outH, outW);
    assertEquals(outH, resized.height());
    assertEquals(outW, resized.width());
    Samples.assertBoxesInside(resized);
    // Nearest sampling with half-pixel centres moves each mask edge e*s to ceil(e*s - 0.5).
    Samples.assertBoxesMatchMasks(resized, 0.5 + 1e-4);
  }

  @Property(tries = 50)
  void padAddsMarkedPaddingAndLeavesTheImageInTheTopLeft(
      @ForAll @IntRange(min = 1, max = 20) int h, @ForAll @IntRange(min = 1, max = 20) int w,
      @ForAll @IntRange(min = 0, max = 9) int extraH, @ForAll @IntRange(min = 0, max = 9) int extraW, @ForAll long seed) {
    AnnotatedImage sample = Samples.rectangles(h, w, 2, 1, seed);
    AnnotatedImage padded = Geometry.padBottomRight(sample, h + extraH, w + extraW, RgbColor.grey(0.25f));
    assertEquals(sample, Geometry.crop(padded, 0, 0, h, w));
    assertEquals(BinaryMask.zeros(h, w), Geometry.crop(padded, 0, 0, h, w).padding());
    assertEquals((h + extraH) * (w + extraW) - h * w, padded.padding().count());
    if (extraW > 0) {
      assertEquals(0.25f, padded.image().get(2, 0, w), 0f);
    }
    Samples.assertBoxesMatchMasks(padded, 0);
  }

  @Property(tries = 50)
  void bilinearResizeKeepsAConstantImageConstant(
      @ForAll @IntRange(min = 1, max = 12) int h, @ForAll @IntRange(min = 1, max = 12) int w,
      @ForAll @IntRange(min = 1, max = 30) int outH, @ForAll @IntRange(min = 1, max = 30) int outW) {
    AnnotatedImage flat = AnnotatedImage.of(RgbImage.filled(h, w, new RgbColor(0.1f, 0.6f, 0.9f)), List.of());
    RgbImage resized = Geometry.resize(flat, outH, outW).image();
    float[] expected = RgbImage.filled(outH, outW, new RgbColor(0.1f, 0.6f, 0.9f)).planes();
    assertArrayEquals(expected, resized.planes(), 1e-6f);
    assertTrue(Geometry.resize(flat, outH, outW).padding().isEmpty());
  }
}
