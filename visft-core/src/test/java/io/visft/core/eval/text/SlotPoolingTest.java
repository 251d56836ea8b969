package io.visft.core.eval.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.api.HostTensor;
import io.visft.core.eval.FeatureMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Adaptive average pooling of maps into horizontal slots. */
class SlotPoolingTest {

  @Test
  void slotsAverageTheirColumnsAndOverlapWhenTheMapIsNarrow() {
    // one image, two channels, two rows, four columns; channel 1 is channel 0 times 10
    float[] map = {1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 30, 40, 50, 60, 70, 80};
    HostTensor dense = HostTensor.ofFloats(map, 1, 2, 2, 4);
    assertArrayEquals(new float[] {3.5f, 35, 5.5f, 55}, SlotPooling.pool(dense, 2).values(), 1e-6f);
    // three slots over four columns: [0, 2), [1, 3), [2, 4)
    assertArrayEquals(
        new float[] {3.5f, 35, 4.5f, 45, 5.5f, 55}, SlotPooling.pool(dense, 3).values(), 1e-6f);
    // five slots over four columns: [0,1) [0,2) [1,3) [2,4) [3,4)
    FeatureMatrix five = SlotPooling.pool(dense, 5);
    assertEquals(10, five.dim());
    assertArrayEquals(
        new float[] {3, 3.5f, 4.5f, 5.5f, 6},
        new float[] {
          five.get(0, 0), five.get(0, 2), five.get(0, 4), five.get(0, 6), five.get(0, 8)
        },
        1e-6f);
  }

  @Test
  void equalSlotsAverageToTheMapMean() {
    qt().withExamples(50)
        .forAll(
            integers().between(1, 4),
            integers().between(1, 3),
            integers().between(1, 3),
            longs().all())
        .checkAssert(
            (slots, perSlot, rows, seed) -> {
              int w = slots * perSlot;
              SplittableRandom rnd = new SplittableRandom(seed);
              float[] map = new float[2 * 3 * rows * w];
              for (int i = 0; i < map.length; i++) {
                map[i] = (float) rnd.nextDouble(-1, 1);
              }
              FeatureMatrix pooled =
                  SlotPooling.pool(HostTensor.ofFloats(map, 2, 3, rows, w), slots);
              for (int image = 0; image < 2; image++) {
                for (int c = 0; c < 3; c++) {
                  double mapMean = 0;
                  for (int i = 0; i < rows * w; i++) {
                    mapMean += map[(image * 3 + c) * rows * w + i];
                  }
                  double slotMean = 0;
                  for (int s = 0; s < slots; s++) {
                    slotMean += pooled.get(image, s * 3 + c);
                  }
                  assertEquals(mapMean / (rows * w), slotMean / slots, 1e-5);
                }
              }
            });
  }
}
