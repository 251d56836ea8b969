package io.visft.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.HostTensor;
import org.junit.jupiter.api.Test;

class RgbImageTest {

  @Test
  void isPlanarChannelMajor() {
    float[] planes = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
    RgbImage image = new RgbImage(1, 2, planes);
    assertEquals(0.2f, image.get(0, 0, 1));
    assertEquals(0.5f, image.get(2, 0, 0));
    HostTensor tensor = image.toTensor();
    assertArrayEquals(new long[] {3, 1, 2}, tensor.shape());
    assertArrayEquals(planes, tensor.toFloatArray());
  }

  @Test
  void comparesByContentAndFillsWithOneColour() {
    RgbImage red = RgbImage.filled(2, 2, new RgbColor(1, 0, 0));
    assertEquals(new RgbImage(2, 2, new float[] {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}), red);
    assertNotEquals(RgbImage.filled(2, 2, new RgbColor(0, 1, 0)), red);
  }

  @Test
  void rejectsInconsistentSizesAndColours() {
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new float[11]));
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(0, 2, new float[0]));
    assertThrows(IllegalArgumentException.class, () -> new RgbColor(1.5f, 0, 0));
  }
}
