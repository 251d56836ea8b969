package io.visft.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.mask.BinaryMask;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PatchSnapTest {

  @Test
  void snapsBothSidesUpToTheNextMultiple() {
    qt().withExamples(100)
        .forAll(integers().between(1, 60), integers().between(1, 60), longs().all())
        .checkAssert(
            (h, w, seed) -> {
              AnnotatedImage out =
                  PatchSnap.eva()
                      .apply(Samples.rectangles(h, w, 2, 1, seed), new SplittableRandom(seed));
              assertEquals(0, out.height() % 14);
              assertEquals(0, out.width() % 14);
              assertTrue(out.height() - h < 14 && out.width() - w < 14);
              assertEquals(out.height() * out.width() - h * w, out.padding().count());
              Samples.assertBoxesMatchMasks(out, 0);
            });
  }

  @Test
  void padsWithTheMeanColourSoPaddingNormalisesToZero() {
    AnnotatedImage out =
        PatchSnap.eva().apply(Samples.rectangles(15, 14, 1, 1, 1), new SplittableRandom(1));
    assertEquals(28, out.height());
    float[] normalised = ImageNormalization.imagenet().toTensor(out.image()).toFloatArray();
    for (int c = 0; c < 3; c++) {
      assertEquals(0f, normalised[(c * 28 + 20) * 14 + 3], 1e-6f);
    }
  }

  @Test
  void aPartlyPaddedPatchCountsAsImage() {
    AnnotatedImage out =
        new PatchSnap(4, PatchSnap.eva().fill())
            .apply(Samples.rectangles(5, 9, 0, 1, 2), new SplittableRandom(2));
    BinaryMask grid = PatchPadding.downsample(out.padding(), 4);
    assertEquals(2, grid.height());
    assertEquals(3, grid.width());
    // Rows 0-4 and columns 0-8 are image: patches starting at row 4 or column 8 are partly image.
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0}, grid.bits());
    AnnotatedImage more =
        new PatchSnap(4, PatchSnap.eva().fill())
            .apply(Samples.rectangles(4, 3, 0, 1, 2), new SplittableRandom(2));
    assertArrayEquals(new byte[] {0}, PatchPadding.downsample(more.padding(), 4).bits());
    BinaryMask wide = AnnotatedImages.padBottomRight(more, 8, 12, PatchSnap.eva().fill()).padding();
    assertArrayEquals(new byte[] {0, 1, 1, 1, 1, 1}, PatchPadding.downsample(wide, 4).bits());
  }

  @Test
  void batchedMasksNeedSidesThatAreMultiplesOfThePatch() {
    HostTensor odd = new HostTensor(DType.BOOL, new long[] {1, 5, 8}, ByteBuffer.allocate(40));
    ShapeException e = assertThrows(ShapeException.class, () -> PatchPadding.downsample(odd, 4));
    assertTrue(
        e.getMessage().contains("[1, 5, 8]") && e.getMessage().contains("PatchSnap"),
        e.getMessage());
  }
}
