package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DETR's PostProcess: best real class per query, pixel boxes per image size, top-k by score. */
class DetectionDecoderTest {

  /** Two layers (only the last counts), two images, three queries, two classes plus no-object. */
  private static final float[] PROBABILITIES = {
    // layer 0: would give other answers if it were used
    0.9f, 0.05f, 0.05f, 0.9f, 0.05f, 0.05f, 0.9f, 0.05f, 0.05f,
    0.9f, 0.05f, 0.05f, 0.9f, 0.05f, 0.05f, 0.9f, 0.05f, 0.05f,
    // layer 1, image 0
    0.2f, 0.7f, 0.1f, // query 0: class 1 at 0.7
    0.1f, 0.1f, 0.8f, // query 1: mostly no-object, best real class 0 at 0.1 (tie: first)
    0.6f, 0.3f, 0.1f, // query 2: class 0 at 0.6
    // layer 1, image 1
    0.3f, 0.3f, 0.4f, // query 0: tie between the real classes, class 0 at 0.3
    0.05f, 0.9f, 0.05f, // query 1: class 1 at 0.9
    0.5f, 0.4f, 0.1f // query 2: class 0 at 0.5
  };

  private static final float[] BOXES = {
    // layer 0
    0.5f, 0.5f, 1, 1, 0.5f, 0.5f, 1, 1, 0.5f, 0.5f, 1, 1,
    0.5f, 0.5f, 1, 1, 0.5f, 0.5f, 1, 1, 0.5f, 0.5f, 1, 1,
    // layer 1, image 0
    0.5f, 0.5f, 0.5f, 0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0.75f, 0.5f, 0.5f, 1,
    // layer 1, image 1
    0.5f, 0.5f, 1, 1, 0.25f, 0.75f, 0.5f, 0.5f, 0.5f, 0.5f, 0.2f, 0.2f
  };

  private static List<List<Detection>> decode(int topK) {
    return DetectionDecoder.decode(
        HostTensor.ofFloats(PROBABILITIES, 2, 2, 3, 3),
        HostTensor.ofFloats(BOXES, 2, 2, 3, 4),
        List.of(new ImageSize(200, 100), new ImageSize(40, 80)),
        topK);
  }

  @Test
  void keepsTheTopQueriesOfTheLastLayerByTheirBestRealClass() {
    List<List<Detection>> all = decode(3);
    assertEquals(
        List.of(
            new Detection(0, 1, 0.7f, 50, 37.5, 150, 62.5),
            new Detection(2, 0, 0.6f, 100, 0, 200, 100),
            new Detection(1, 0, 0.1f, 0, 0, 100, 50)),
        all.get(0));
    List<Detection> second = all.get(1);
    assertEquals(List.of(1, 2, 0), second.stream().map(Detection::query).toList());
    assertEquals(List.of(1, 0, 0), second.stream().map(Detection::label).toList());
    assertArrayEquals(new double[] {0, 40, 20, 80}, second.get(0).xyxy(), 1e-5);
    assertArrayEquals(new double[] {16, 32, 8, 16}, second.get(1).cocoXywh(), 1e-5);
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
                HostTensor.ofFloats(PROBABILITIES, 2, 2, 3, 3),
                HostTensor.ofFloats(BOXES, 2, 2, 3, 4),
                List.of(new ImageSize(200, 100)),
                1));
  }
}
