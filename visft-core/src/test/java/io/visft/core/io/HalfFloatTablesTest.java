package io.visft.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class HalfFloatTablesTest {

  /** binary16 by its definition: (-1)^s * 2^(e-15) * (1 + m/1024), subnormals 2^-14 * (m/1024). */
  private static double f16ByDefinition(int bits) {
    int sign = (bits >> 15) & 1;
    int exponent = (bits >> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    double magnitude =
        exponent == 0
            ? Math.scalb(mantissa / 1024.0, -14)
            : exponent == 31
                ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : Math.scalb(1 + mantissa / 1024.0, exponent - 15);
    return sign == 1 ? -magnitude : magnitude;
  }

  @Test
  void widensEveryF16BitPatternExactly() {
    for (int bits = 0; bits < 1 << 16; bits++) {
      float widened = HalfFloats.f16ToFloat((short) bits);
      double expected = f16ByDefinition(bits);
      if (Double.isNaN(expected)) {
        assertTrue(Float.isNaN(widened), "0x" + Integer.toHexString(bits));
        assertEquals(
            bits & 0x3ff, (Float.floatToRawIntBits(widened) >>> 13) & 0x3ff, "NaN payload is kept");
      } else {
        assertEquals(expected, widened, 0.0, "0x" + Integer.toHexString(bits));
        assertEquals(
            bits >>> 15,
            Float.floatToRawIntBits(widened) >>> 31,
            "sign of 0x" + Integer.toHexString(bits));
      }
    }
  }

  /**
   * Every float that is not NaN, by its bit pattern: each exponent is drawn as often as any other.
   */
  @Test
  void bf16IsTheUpperHalfOfAFloat() {
    qt().withExamples(1000)
        .forAll(booleans().all(), integers().between(0, 0x7f800000))
        .as((negative, magnitude) -> Float.intBitsToFloat(magnitude | (negative ? 0x80000000 : 0)))
        .checkAssert(
            value -> {
              int truncated = Float.floatToRawIntBits(value) & 0xffff0000;
              short bf16 = (short) (truncated >>> 16);
              assertEquals(truncated, Float.floatToRawIntBits(HalfFloats.bf16ToFloat(bf16)));
            });
  }

  @Test
  void widensTensorsKeepingTheirShape() {
    ByteBuffer halves =
        ByteBuffer.allocate(6)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short) 0x3c00)
            .putShort((short) 0xc000)
            .putShort((short) 0x3555)
            .flip();
    HostTensor widened =
        TensorConversions.toF32(new HostTensor(DType.F16, new long[] {3, 1}, halves), "t");
    assertArrayEquals(new long[] {3, 1}, widened.shape());
    assertArrayEquals(new float[] {1f, -2f, 0.333251953125f}, widened.toFloatArray());

    ByteBuffer brains =
        ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xbf80).flip();
    assertArrayEquals(
        new float[] {-1f},
        TensorConversions.toF32(new HostTensor(DType.BF16, new long[0], brains), "t")
            .toFloatArray());
  }
}
