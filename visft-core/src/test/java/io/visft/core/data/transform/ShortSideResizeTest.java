package io.visft.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class ShortSideResizeTest {

  @Test
  void followsDetrSizeRule() {
    // 4:3 landscape COCO image: short side 480 fits under a 672 cap, 512 would give 683 so the cap
    // wins.
    assertArrayEquals(new int[] {480, 640}, ShortSideResize.outputSize(480, 640, 480, 672));
    assertArrayEquals(new int[] {504, 672}, ShortSideResize.outputSize(480, 640, 512, 672));
    assertArrayEquals(new int[] {672, 504}, ShortSideResize.outputSize(640, 480, 672, 672));
    assertArrayEquals(
        new int[] {600, 800}, ShortSideResize.outputSize(480, 640, 600, ShortSideResize.NO_LIMIT));
    assertArrayEquals(
        new int[] {400, 533}, ShortSideResize.outputSize(480, 640, 400, ShortSideResize.NO_LIMIT));
    // Both sides round down: the capped short side 6.72 becomes 6, the long side 6 * 100 = 600.
    assertArrayEquals(new int[] {6, 600}, ShortSideResize.outputSize(10, 1000, 480, 672));
    assertArrayEquals(new int[] {1, 672}, ShortSideResize.outputSize(1, 5000, 480, 672));
  }

  @Test
  void longSideNeverExceedsTheCapAndShortSideNeverExceedsTheRequest() {
    qt().withExamples(300)
        .forAll(
            integers().between(1, 4000),
            integers().between(1, 4000),
            integers().between(1, 1000),
            integers().between(1, 1400))
        .checkAssert(
            (h, w, shortSide, cap) -> {
              int[] size = ShortSideResize.outputSize(h, w, shortSide, cap);
              assertTrue(size[0] >= 1 && size[1] >= 1);
              boolean unchanged = size[0] == h.intValue() && size[1] == w.intValue();
              assertTrue(
                  unchanged || Math.max(size[0], size[1]) <= cap,
                  () -> h + "x" + w + " -> " + size[0] + "x" + size[1]);
              assertTrue(Math.min(size[0], size[1]) <= Math.max(shortSide, 1));
              assertTrue(
                  h < w ? size[0] <= size[1] : h > w ? size[0] >= size[1] : size[0] == size[1],
                  "orientation is kept");
            });
  }
}
