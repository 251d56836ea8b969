package io.visft.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageSizeTest {

  @Test
  void aSquareHasEqualSides() {
    assertEquals(new ImageSize(7, 7), ImageSize.square(7));
  }

  @ParameterizedTest
  @CsvSource({"0, 5", "5, 0", "-1, 5", "5, -3"})
  void emptySidesAreRefusedNamingBoth(int height, int width) {
    ShapeException e = assertThrows(ShapeException.class, () -> new ImageSize(height, width));
    assertEquals(
        String.format(
            "image size (height %d, width %d) must have both sides >= 1; an empty image has no"
                + " pixels to train on",
            height, width),
        e.getMessage());
  }
}
