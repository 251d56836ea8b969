package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;

import org.junit.jupiter.api.Test;

class ConfidenceIntervalTest {

  @Test
  void threeEpisodesByHand() {
    // mean 0.7; population std sqrt((0.04 + 0 + 0.04) / 3) = 0.1632993; 1.96 * 0.1632993 / sqrt(3)
    // = 0.1847906
    ConfidenceInterval ci = ConfidenceInterval.of(new double[] {0.5, 0.7, 0.9});
    assertEquals(0.7, ci.mean(), 1e-12);
    assertEquals(0.1847906, ci.halfWidth(), 1e-7);
    assertEquals(0.5152094, ci.lower(), 1e-7);
    assertEquals(3, ci.samples());
  }

  @Test
  void binaryHitsGiveTheWaldInterval() {
    // 3 of 4 right: p = 0.75, std sqrt(p (1 - p)) = 0.4330127, 1.96 * 0.4330127 / 2 = 0.4243524
    ConfidenceInterval ci = ConfidenceInterval.of(new double[] {1, 0, 1, 1});
    assertEquals(0.75, ci.mean(), 1e-12);
    assertEquals(0.4243524, ci.halfWidth(), 1e-7);
  }

  @Test
  void constantSamplesHaveZeroWidthAndEmptyIsRejected() {
    assertEquals(0, ConfidenceInterval.of(new double[] {0.4, 0.4}).halfWidth(), 0);
    assertEquals(0, ConfidenceInterval.of(new double[] {0.9}).halfWidth(), 0);
    assertThrows(IllegalArgumentException.class, () -> ConfidenceInterval.of(new double[0]));
  }

  @Test
  void shiftMovesTheMeanOnly() {
    qt().withExamples(200)
        .forAll(
            lists().of(doubles().between(-1e6, 1e6)).ofSizeBetween(1, 30),
            doubles().between(-10, 10))
        .checkAssert(
            (samples, shift) -> {
              double[] values = samples.stream().mapToDouble(Double::doubleValue).toArray();
              ConfidenceInterval a = ConfidenceInterval.of(values);
              double[] shifted = values.clone();
              for (int i = 0; i < shifted.length; i++) {
                shifted[i] += shift;
              }
              ConfidenceInterval b = ConfidenceInterval.of(shifted);
              assertEquals(a.mean() + shift, b.mean(), 1e-6 * (1 + Math.abs(a.mean())));
              assertEquals(a.halfWidth(), b.halfWidth(), 1e-6 * (1 + a.halfWidth()));
            });
  }
}
