package io.visft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.vit.EvaConfig;
import org.junit.jupiter.api.Test;

/**
 * The DJL peer computes what this library computes, on a small pre-norm EVA backbone (2 blocks,
 * width 64, 4 heads, 64×64 images): the check {@link DjlPeerBenchmark} runs at full size before it
 * times.
 */
class DjlParityTest {
  private static final EvaConfig SMALL = new EvaConfig(64, 2, 4, 256, 16, 4, false, 1e-6, true);

  @Test
  void featuresAndLoraGradientsMatchThisLibrary() {
    DjlParity.Result r = DjlParity.compare(SMALL, 2, 4, true);

    assertTrue(r.features() <= DjlPeerBenchmark.TOLERANCE, "features differ by " + r.features());
    assertTrue(
        r.gradients() <= DjlPeerBenchmark.TOLERANCE, "LoRA gradients differ by " + r.gradients());
    assertEquals(2 * 2 * SMALL.depth(), r.gradientTensors(), "A and B of q and v in every block");
  }

  @Test
  void forwardOnlyComparisonMatchesToo() {
    DjlParity.Result r = DjlParity.compare(SMALL, 3, 4, false);

    assertTrue(r.features() <= DjlPeerBenchmark.TOLERANCE, "features differ by " + r.features());
    assertEquals(0, r.gradientTensors());
  }

  @Test
  void aNanDistanceIsNotWithinTheTolerance() {
    assertFalse(new DjlParity.Result(1e-7, Double.NaN, 4).within(DjlPeerBenchmark.TOLERANCE));
    assertFalse(new DjlParity.Result(Double.NaN, 0, 0).within(DjlPeerBenchmark.TOLERANCE));
    assertTrue(new DjlParity.Result(1e-7, 1e-6, 4).within(DjlPeerBenchmark.TOLERANCE));
  }

  @Test
  void relativeDistanceIsTheNormOfTheDifferenceOverTheNormOfTheReference() {
    assertEquals(0.5, Agreement.relative(new float[] {3, 4}, new float[] {6, 8}), 1e-12);
  }
}
