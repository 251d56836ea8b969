package io.visft.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

  @Test
  void knownF16Patterns() {
    assertEquals(1.0f, HalfFloats.f16ToFloat((short) 0x3c00));
    assertEquals(-2.0f, HalfFloats.f16ToFloat((short) 0xc000));
    assertEquals(65504f, HalfFloats.f16ToFloat((short) 0x7bff));
    assertEquals(0x1p-24f, HalfFloats.f16ToFloat((short) 0x0001), "smallest subnormal");
    assertEquals(0x1p-14f, HalfFloats.f16ToFloat((short) 0x0400), "smallest normal");
    assertEquals(Float.POSITIVE_INFINITY, HalfFloats.f16ToFloat((short) 0x7c00));
    assertTrue(Float.isNaN(HalfFloats.f16ToFloat((short) 0x7e00)));
    assertEquals((short) 0x3c00, HalfFloats.floatToF16(1.0f));
    assertEquals((short) 0x7c00, HalfFloats.floatToF16(65520f), "65520 rounds up to infinity");
    assertEquals((short) 0x7bff, HalfFloats.floatToF16(65519f));
    assertEquals(
        (short) 0x0000,
        HalfFloats.floatToF16(0x1p-25f),
        "a tie at half the smallest subnormal rounds to even (0)");
    assertEquals((short) 0x0001, HalfFloats.floatToF16(0x1.8p-25f));
    assertEquals((short) 0x3c00, HalfFloats.floatToF16(1 + 0x1p-11f), "a tie rounds to even");
    assertEquals((short) 0x3c02, HalfFloats.floatToF16(1 + 3 * 0x1p-11f), "a tie rounds to even");
  }

  @Test
  void knownBf16Patterns() {
    assertEquals(1.0f, HalfFloats.bf16ToFloat((short) 0x3f80));
    assertEquals((short) 0x3f80, HalfFloats.floatToBf16(1.0f));
    assertEquals(
        (short) 0x3f80, HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f808000)), "tie to even");
    assertEquals(
        (short) 0x3f82, HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f818000)), "tie to even");
    assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN))));
  }

  @Test
  void everyF16PatternRoundTripsThroughFloat() {
    qt().withExamples(1000)
        .forAll(integers().between(Short.MIN_VALUE, Short.MAX_VALUE))
        .checkAssert(
            pattern -> {
              short bits = pattern.shortValue();
              float f = HalfFloats.f16ToFloat(bits);
              if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloats.f16ToFloat(HalfFloats.floatToF16(f))));
              } else {
                assertEquals(bits, HalfFloats.floatToF16(f));
              }
            });
  }

  /**
   * Floats of magnitude up to 65504 (the largest finite f16), drawn by bit pattern so that every
   * exponent occurs.
   */
  @Test
  void f16RoundingIsToTheNearestRepresentable() {
    qt().withExamples(1000)
        .forAll(booleans().all(), integers().between(0, Float.floatToRawIntBits(65504f)))
        .as((negative, magnitude) -> Float.intBitsToFloat(magnitude | (negative ? 0x80000000 : 0)))
        .checkAssert(
            f -> {
              short bits = HalfFloats.floatToF16(f);
              float r = HalfFloats.f16ToFloat(bits);
              // The neighbours one step away from and towards zero (f16 is sign-magnitude; -0 has
              // only the first).
              short away = (short) (bits + 1);
              List<Short> neighbours =
                  (bits & 0x7fff) == 0 ? List.of(away) : List.of(away, (short) (bits - 1));
              for (short n : neighbours) {
                float neighbour = HalfFloats.f16ToFloat(n);
                assertTrue(
                    Math.abs(r - f) <= Math.abs(neighbour - f),
                    f + " rounded to " + r + " but " + neighbour + " is closer");
              }
            });
  }
}
