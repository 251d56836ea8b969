package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.NumericException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumsTest {
  private static final int COUNT = 5000;

  private static List<Double> values(long seed) {
    Random random = new Random(seed);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(7) - 3));
    }
    return values;
  }

  @Test
  void anyOrderAndAnySplitIntoMergedPartsGiveTheSameBits() {
    List<Double> values = values(1);
    double maxAbs = values.stream().mapToDouble(Math::abs).max().orElseThrow();
    ExactSums inOrder = ExactSums.forValues(1, COUNT, maxAbs);
    values.forEach(v -> inOrder.add(0, v));
    for (long seed = 0; seed < 5; seed++) {
      List<Double> shuffled = new ArrayList<>(values);
      Collections.shuffle(shuffled, new Random(seed));
      int cut = new Random(seed + 100).nextInt(COUNT);
      ExactSums left = ExactSums.forValues(1, COUNT, maxAbs);
      ExactSums right = ExactSums.forValues(1, COUNT, maxAbs);
      shuffled.subList(0, cut).forEach(v -> left.add(0, v));
      shuffled.subList(cut, COUNT).forEach(v -> right.add(0, v));
      right.addAll(left);
      assertEquals(inOrder, right);
      assertEquals(
          Double.doubleToRawLongBits(inOrder.get(0)), Double.doubleToRawLongBits(right.get(0)));
    }
  }

  @Test
  void theSumIsWithinTheResolutionOfTheExactDecimalSum() {
    List<Double> values = values(2);
    BigDecimal exact = BigDecimal.ZERO;
    for (double v : values) {
      exact = exact.add(new BigDecimal(v));
    }
    double maxAbs = values.stream().mapToDouble(Math::abs).max().orElseThrow();
    double got = ExactSums.sum(values.stream().mapToDouble(Double::doubleValue).toArray());
    double resolution = COUNT * (2 * COUNT * maxAbs) * 0x1p-60;
    assertTrue(
        Math.abs(got - exact.doubleValue()) <= resolution,
        "sum " + got + " vs exact " + exact + " (resolution " + resolution + ")");
  }

  @Test
  void nonFiniteValuesAndValuesBeyondTheBoundAreRejected() {
    ExactSums sums = ExactSums.forValues(2, 10, 1.0);
    assertThrows(NumericException.class, () -> sums.add(0, Double.NaN));
    assertThrows(NumericException.class, () -> ExactSums.forValues(1, 3, Double.POSITIVE_INFINITY));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sums.add(1, 1e6));
    assertTrue(e.getMessage().contains("1000000.0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> sums.addAll(ExactSums.forValues(2, 10, 1e9)));
  }
}
