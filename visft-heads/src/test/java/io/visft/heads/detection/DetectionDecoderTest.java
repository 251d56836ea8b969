package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.api.ShapeException;
import io.visft.core.data.geometry.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DETR's PostProcess: best real class per query, pixel boxes per image size, top-k by score. */
class DetectionDecoderTest {

  /**
   * Last-layer probabilities, rows per (image, query): two classes plus no-object. The first layer
   * holds other values, which must not be used.
   */
  private static final float[][] PROBABILITIES = {
    {0.2f, 0.7f, 0.1f}, // image 0, query 0: class 1 at 0.7
    {0.1f, 0.1f, 0.8f}, // query 1: mostly no-object; best real class 0 at 0.1 (tie: first)
    {0.6f, 0.3f, 0.1f}, // query 2: class 0 at 0.6
    {0.3f, 0.3f, 0.4f}, // image 1, query 0: tie between the real classes, class 0 at 0.3
    {0.05f, 0.9f, 0.05f}, // query 1: class 1 at 0.9
    {0.5f, 0.4f, 0.1f} // query 2: class 0 at 0.5
  };

  /** Last-layer boxes {@code (cx, cy, w, h)}, rows per (image, query). */
  private static final float[][] BOXES = {
    {0.5f, 0.5f, 0.5f, 0.25f},
    {0.25f, 0.25f, 0.5f, 0.5f},
    {0.75f, 0.5f, 0.5f, 1},
    {0.5f, 0.5f, 1, 1},
    {0.25f, 0.75f, 0.5f, 0.5f},
    {0.5f, 0.5f, 0.2f, 0.2f}
  };

  /** Two layers: a first layer of {@code firstLayerRow} repeated, then {@code lastLayer}. */
  private static HostTensor twoLayers(float[][] lastLayer, float[] firstLayerRow) {
    int width = firstLayerRow.length;
    float[] values = new float[2 * lastLayer.length * width];
    for (int row = 0; row < lastLayer.length; row++) {
      System.arraycopy(firstLayerRow, 0, values, row * width, width);
      System.arraycopy(lastLayer[row], 0, values, (lastLayer.length + row) * width, width);
    }
    return HostTensor.ofFloats(values, 2, 2, 3, width);
  }

  private static List<List<Detection>> decode(int topK) {
    return DetectionDecoder.decode(
        twoLayers(PROBABILITIES, new float[] {0.05f, 0.9f, 0.05f}),
        twoLayers(BOXES, new float[] {0.5f, 0.5f, 1, 1}),
        List.of(new ImageSize(100, 200), new ImageSize(80, 40)),
        topK);
  }

  @Test
  void keepsTheTopQueriesOfTheLastLayerByTheirBestRealClass() {
    List<List<Detection>> all = decode(3);
    assertEquals(
        List.of(
            new Detection(0, 1, 0.7f, new Box(50, 37.5, 150, 62.5)),
            new Detection(2, 0, 0.6f, new Box(100, 0, 200, 100)),
            new Detection(1, 0, 0.1f, new Box(0, 0, 100, 50))),
        all.get(0));
    List<Detection> second = all.get(1);
    assertEquals(List.of(1, 2, 0), second.stream().map(Detection::query).toList());
    assertEquals(List.of(1, 0, 0), second.stream().map(Detection::label).toList());
    assertArrayEquals(new double[] {0, 40, 20, 80}, second.get(0).box().xyxy(), 1e-5);
    assertArrayEquals(new double[] {16, 32, 8, 16}, second.get(1).box().xywh(), 1e-5);
  }

  @Test
  void topKTruncates() {
    List<List<Detection>> top = decode(1);
    assertEquals(1, top.get(0).size());
    assertEquals(0, top.get(0).get(0).query());
    assertEquals(1, top.get(1).get(0).query());
  }

  @Test
  void rejectsMismatchedInputs() {
    assertThrows(IllegalArgumentException.class, () -> decode(4));
    assertThrows(
        ShapeException.class,
        () ->
            DetectionDecoder.decode(
                twoLayers(PROBABILITIES, new float[] {0.05f, 0.9f, 0.05f}),
                twoLayers(BOXES, new float[] {0.5f, 0.5f, 1, 1}),
                List.of(new ImageSize(100, 200)),
                1));
  }
}
