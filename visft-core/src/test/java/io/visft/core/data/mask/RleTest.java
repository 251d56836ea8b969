package io.visft.core.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.core.data.geometry.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class RleTest {

  /** Rows of a 3x4 mask; column-major positions of its foreground are 1, 3, 4, 9, 10, 11. */
  private static final boolean[][] MASK = {
    {false, true, false, true},
    {true, true, false, true},
    {false, false, false, true},
  };

  @Test
  void encodesColumnMajorRunsStartingWithBackground() {
    Rle rle = Rle.encode(MASK);
    assertEquals(3, rle.height());
    assertEquals(4, rle.width());
    assertArrayEquals(new int[] {1, 1, 1, 2, 4, 3}, rle.counts());
  }

  @Test
  void maskStartingWithForegroundHasLeadingZeroRun() {
    Rle full = Rle.encode(new boolean[][] {{true, true}, {true, true}});
    assertArrayEquals(new int[] {0, 4}, full.counts());
    assertEquals("04", full.toCompressedString());
    assertArrayEquals(new int[] {4}, Rle.encode(new boolean[2][2]).counts());
  }

  @Test
  void binaryMasksEncodeAndDecodeLikeRows() {
    BinaryMask mask = new BinaryMask(3, 4, new byte[] {0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1});
    assertEquals(Rle.encode(MASK), Rle.encode(mask));
    assertEquals(mask, Rle.encode(MASK).toMask());
  }

  @Test
  void decodesBackToTheMask() {
    assertArrayEquals(MASK, Rle.encode(MASK).decode());
  }

  @Test
  void areaCountsForegroundPixels() {
    assertEquals(6, Rle.encode(MASK).area());
    assertEquals(0, Rle.encode(new boolean[3][3]).area());
  }

  @Test
  void bboxOfRunsThatStayInOneColumn() {
    boolean[][] mask = new boolean[5][6];
    mask[1][2] = true;
    mask[3][2] = true;
    mask[2][4] = true;
    assertEquals(Box.fromXywh(2, 1, 3, 3), Rle.encode(mask).toBbox());
  }

  @Test
  void bboxOfRunWrappingIntoTheNextColumnSpansAllRows() {
    // Positions 3..5 of a 4-row mask: rows 3 of column 0 and rows 0..1 of column 1.
    Rle rle = Rle.of(4, 3, new int[] {3, 3, 6});
    assertEquals(Box.fromXywh(0, 0, 2, 4), rle.toBbox());
  }

  @Test
  void bboxOfEmptyMaskIsZero() {
    assertEquals(Box.fromXywh(0, 0, 0, 0), Rle.of(4, 4, new int[] {16}).toBbox());
  }

  @Test
  void mergeUnionAndIntersection() {
    Rle a = Rle.of(1, 6, new int[] {1, 2, 3});
    Rle b = Rle.of(1, 6, new int[] {2, 3, 1});
    assertArrayEquals(new int[] {1, 4, 1}, Rle.merge(List.of(a, b), false).counts());
    assertArrayEquals(new int[] {2, 1, 3}, Rle.merge(List.of(a, b), true).counts());
  }

  @Test
  void mergeOfDisjointMasksHasEmptyIntersection() {
    Rle a = Rle.of(2, 2, new int[] {0, 2, 2});
    Rle b = Rle.of(2, 2, new int[] {2, 2});
    assertArrayEquals(new int[] {0, 4}, Rle.merge(List.of(a, b), false).counts());
    assertArrayEquals(new int[] {4}, Rle.merge(List.of(a, b), true).counts());
  }

  @Test
  void mergeCanonicalisesZeroLengthRuns() {
    Rle withEmptyRun = Rle.of(1, 4, new int[] {1, 0, 1, 2});
    Rle empty = Rle.of(1, 4, new int[] {4});
    assertArrayEquals(new int[] {2, 2}, Rle.merge(List.of(withEmptyRun, empty), false).counts());
  }

  @Test
  void rejectsCountsThatDoNotCoverTheImage() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Rle.of(2, 3, new int[] {1, 2}));
    assertEquals(
        "run counts sum to 3 but a [2, 3] mask has 6 pixels; the counts belong to another image"
            + " size or are truncated",
        error.getMessage());
  }

  @Test
  void rejectsMergeOfDifferentSizes() {
    Rle a = Rle.of(2, 2, new int[] {4});
    Rle b = Rle.of(1, 4, new int[] {4});
    assertThrows(IllegalArgumentException.class, () -> Rle.merge(List.of(a, b), false));
    assertThrows(IllegalArgumentException.class, () -> Rle.merge(List.of(), false));
  }

  @Test
  void rejectsRaggedMask() {
    assertThrows(
        IllegalArgumentException.class, () -> Rle.encode(new boolean[][] {{true, false}, {true}}));
  }

  @Test
  void valueSemantics() {
    assertEquals(Rle.encode(MASK), Rle.fromCompressedString("111131", 3, 4));
    assertEquals(Rle.encode(MASK).hashCode(), Rle.fromCompressedString("111131", 3, 4).hashCode());
    assertEquals("Rle[size=[3, 4], counts=111131]", Rle.encode(MASK).toString());
  }
}
