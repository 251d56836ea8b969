package io.visft.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.core.data.image.RgbColor;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.mask.BinaryMask;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnotatedImagesPropertiesTest {

  /**
   * A crop drawn from two integers: its size and offset are {@code a} and {@code b} reduced into
   * the image.
   */
  record CropCase(int h, int w, long seed, int a, int b) {}

  /** A resize to {@code heightPercent}% by {@code widthPercent}% of the image. */
  record ResizeCase(int h, int w, long seed, int heightPercent, int widthPercent) {}

  record PadCase(int h, int w, int extraH, int extraW, long seed) {}

  @Test
  void flippingTwiceIsTheIdentity() {
    qt().withExamples(100)
        .forAll(integers().between(1, 24), integers().between(1, 24), longs().all())
        .checkAssert(
            (h, w, seed) -> {
              AnnotatedImage sample =
                  AnnotatedImages.padBottomRight(
                      Samples.rectangles(h, w, 3, 1, seed), h + 2, w + 3, RgbColor.grey(0.5f));
              assertEquals(
                  sample, AnnotatedImages.flipHorizontal(AnnotatedImages.flipHorizontal(sample)));
            });
  }

  @Test
  void flipKeepsBoxesEqualToMaskExtents() {
    qt().withExamples(100)
        .forAll(integers().between(1, 30), integers().between(1, 30), longs().all())
        .checkAssert(
            (h, w, seed) -> {
              AnnotatedImage flipped =
                  AnnotatedImages.flipHorizontal(Samples.rectangles(h, w, 4, 1, seed));
              Samples.assertBoxesInside(flipped);
              Samples.assertBoxesMatchMasks(flipped, 0);
            });
  }

  @Test
  void cropClipsBoxesDropsEmptiedObjectsAndKeepsBoxesEqualToMaskExtents() {
    qt().withExamples(200)
        .forAll(
            integers()
                .between(2, 30)
                .zip(
                    integers().between(2, 30),
                    longs().all(),
                    integers().between(0, 1000),
                    integers().between(0, 1000),
                    CropCase::new))
        .checkAssert(
            c -> {
              AnnotatedImage sample = Samples.rectangles(c.h(), c.w(), 4, 1, c.seed());
              int ch = 1 + c.a() % c.h();
              int cw = 1 + c.b() % c.w();
              int top = c.a() % (c.h() - ch + 1);
              int left = c.b() % (c.w() - cw + 1);
              AnnotatedImage cropped = AnnotatedImages.crop(sample, top, left, ch, cw);
              Samples.assertBoxesInside(cropped);
              Samples.assertBoxesMatchMasks(cropped, 0);
              long survivors =
                  sample.instances().stream()
                      .filter(
                          t ->
                              t.box().x1() > left
                                  && t.box().x0() < left + cw
                                  && t.box().y1() > top
                                  && t.box().y0() < top + ch)
                      .count();
              assertEquals(
                  survivors,
                  cropped.instances().size(),
                  "objects overlapping the crop are exactly those kept");
            });
  }

  @Test
  void resizeKeepsBoxesInsideAndWithinHalfAPixelOfMaskExtents() {
    qt().withExamples(150)
        .forAll(
            integers()
                .between(4, 30)
                .zip(
                    integers().between(4, 30),
                    longs().all(),
                    integers().between(50, 300),
                    integers().between(50, 300),
                    ResizeCase::new))
        .checkAssert(
            c -> {
              AnnotatedImage sample = Samples.rectangles(c.h(), c.w(), 3, 3, c.seed());
              int outH = Math.max(1, c.h() * c.heightPercent() / 100);
              int outW = Math.max(1, c.w() * c.widthPercent() / 100);
              AnnotatedImage resized = AnnotatedImages.resize(sample, outH, outW);
              assertEquals(outH, resized.height());
              assertEquals(outW, resized.width());
              Samples.assertBoxesInside(resized);
              // Nearest sampling with half-pixel centres moves each mask edge e*s to ceil(e*s -
              // 0.5).
              Samples.assertBoxesMatchMasks(resized, 0.5 + 1e-4);
            });
  }

  @Test
  void padAddsMarkedPaddingAndLeavesTheImageInTheTopLeft() {
    qt().withExamples(50)
        .forAll(
            integers()
                .between(1, 20)
                .zip(
                    integers().between(1, 20),
                    integers().between(0, 9),
                    integers().between(0, 9),
                    longs().all(),
                    PadCase::new))
        .checkAssert(
            c -> {
              int h = c.h();
              int w = c.w();
              AnnotatedImage sample = Samples.rectangles(h, w, 2, 1, c.seed());
              AnnotatedImage padded =
                  AnnotatedImages.padBottomRight(
                      sample, h + c.extraH(), w + c.extraW(), RgbColor.grey(0.25f));
              assertEquals(sample, AnnotatedImages.crop(padded, 0, 0, h, w));
              assertEquals(
                  BinaryMask.zeros(h, w), AnnotatedImages.crop(padded, 0, 0, h, w).padding());
              assertEquals((h + c.extraH()) * (w + c.extraW()) - h * w, padded.padding().count());
              if (c.extraW() > 0) {
                assertEquals(0.25f, padded.image().get(2, 0, w), 0f);
              }
              Samples.assertBoxesMatchMasks(padded, 0);
            });
  }

  @Test
  void bilinearResizeKeepsAConstantImageConstant() {
    qt().withExamples(50)
        .forAll(
            integers().between(1, 12),
            integers().between(1, 12),
            integers().between(1, 30),
            integers().between(1, 30))
        .checkAssert(
            (h, w, outH, outW) -> {
              AnnotatedImage flat =
                  AnnotatedImage.of(
                      RgbImage.filled(h, w, new RgbColor(0.1f, 0.6f, 0.9f)), List.of());
              RgbImage resized = AnnotatedImages.resize(flat, outH, outW).image();
              float[] expected =
                  RgbImage.filled(outH, outW, new RgbColor(0.1f, 0.6f, 0.9f)).planes();
              assertArrayEquals(expected, resized.planes(), 1e-6f);
              assertTrue(AnnotatedImages.resize(flat, outH, outW).padding().isEmpty());
            });
  }
}
