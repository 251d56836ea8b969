package io.visft.core.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

  private static byte[] plainJpeg() {
    return TestImages.jpeg(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));
  }

  @Test
  void readsTheTagInBothByteOrders() {
    for (int o = 1; o <= 8; o++) {
      for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        byte[] jpeg =
            TestImages.insertSegment(plainJpeg(), TestImages.exifOrientationSegment(o, order));
        assertEquals(o, ExifOrientation.read(jpeg, "x.jpg"));
      }
    }
  }

  @Test
  void missingOutOfRangeOrMalformedTagsMeanNormal() {
    assertEquals(ExifOrientation.NORMAL, ExifOrientation.read(plainJpeg(), "plain.jpg"));
    byte[] nine =
        TestImages.insertSegment(
            plainJpeg(), TestImages.exifOrientationSegment(9, ByteOrder.BIG_ENDIAN));
    assertEquals(ExifOrientation.NORMAL, ExifOrientation.read(nine, "nine.jpg"));
    byte[] broken = TestImages.exifOrientationSegment(6, ByteOrder.BIG_ENDIAN);
    broken[4 + 6 + 7] = 100; // IFD0 offset now points past the segment
    assertEquals(
        ExifOrientation.NORMAL,
        ExifOrientation.read(TestImages.insertSegment(plainJpeg(), broken), "broken.jpg"));
  }

  @Test
  void rejectsAnOrientationOutsideTheTable() {
    RgbImage image = RgbImage.filled(2, 3, RgbColor.grey(0f));
    assertThrows(IllegalArgumentException.class, () -> ExifOrientation.apply(image, 0));
  }

  private static RgbImage ramp(int h, int w) {
    float[] planes = new float[3 * h * w];
    for (int i = 0; i < planes.length; i++) {
      planes[i] = i / (float) planes.length;
    }
    return new RgbImage(h, w, planes);
  }

  @Test
  void mirrorsTransposesAndHalfTurnsAreInvolutions() {
    qt().withExamples(60)
        .forAll(integers().between(1, 9), integers().between(1, 9), integers().between(1, 8))
        .checkAssert(
            (h, w, orientation) -> {
              RgbImage image = ramp(h, w);
              RgbImage once = ExifOrientation.apply(image, orientation);
              if (orientation == 6 || orientation == 8) {
                // 6 then 8 (and 8 then 6) is the identity
                assertEquals(image, ExifOrientation.apply(once, 14 - orientation));
              } else {
                assertEquals(image, ExifOrientation.apply(once, orientation));
              }
            });
  }

  @Test
  void rotationMovesTheTopLeftPixelToTheTopRight() {
    RgbImage image = ramp(2, 3);
    RgbImage rotated = ExifOrientation.apply(image, 6);
    assertEquals(3, rotated.height());
    assertEquals(2, rotated.width());
    assertEquals(image.get(1, 0, 0), rotated.get(1, 0, 1));
    assertEquals(image.get(1, 1, 0), rotated.get(1, 0, 0));
  }
}
