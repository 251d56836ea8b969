package io.visft.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.HostTensor;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class ImageNormalizationTest {

  @Test
  void imagenetStatisticsAreAppliedPerChannel() {
    RgbImage image = new RgbImage(1, 2, new float[] {0f, 1f, 0.5f, 0.456f, 0.2f, 0.9f});
    HostTensor tensor = ImageNormalization.imagenet().toTensor(image);
    assertArrayEquals(new long[] {3, 1, 2}, tensor.shape());
    float[] expected = {
      (0f - 0.485f) / 0.229f, (1f - 0.485f) / 0.229f,
      (0.5f - 0.456f) / 0.224f, 0f,
      (0.2f - 0.406f) / 0.225f, (0.9f - 0.406f) / 0.225f,
    };
    assertArrayEquals(expected, tensor.toFloatArray(), 0f);
  }

  @Test
  void writesIntoTheTopLeftOfAZeroPaddedCanvas() {
    RgbImage image = RgbImage.filled(1, 1, RgbColor.grey(1f));
    FloatBuffer canvas = FloatBuffer.allocate(2 + 3 * 2 * 2);
    canvas.put(0, -7f);
    ImageNormalization.imagenet().writeInto(image, canvas, 2, 2, 2);
    assertEquals(-7f, canvas.get(0));
    assertEquals((1f - 0.485f) / 0.229f, canvas.get(2));
    for (int i : new int[] {3, 4, 5, 7, 8, 9, 11, 12, 13}) {
      assertEquals(0f, canvas.get(i), "padded canvas value " + i);
    }
  }

  @Test
  void rejectsWrongLengthsAndNonPositiveStds() {
    ConfigException length =
        assertThrows(
            ConfigException.class,
            () -> new ImageNormalization(new float[] {0.5f}, new float[] {1, 1, 1}));
    assertTrue(length.getMessage().contains("imagenet()"), length.getMessage());
    ConfigException std =
        assertThrows(
            ConfigException.class,
            () -> new ImageNormalization(new float[] {0, 0, 0}, new float[] {1, 0, 1}));
    assertTrue(std.getMessage().contains("channel 1"), std.getMessage());
  }
}
