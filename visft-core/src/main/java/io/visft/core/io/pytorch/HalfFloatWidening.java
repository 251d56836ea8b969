package io.visft.core.io.pytorch;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Exact widening of IEEE binary16 and bfloat16 to float32. Kept package-private to this reader
 * until the shared {@code io.visft.core.io.HalfFloats} exists, which should then replace it.
 */
final class HalfFloatWidening {

  private static final int F16_EXPONENT_MASK = 0x1f;
  private static final int F16_MANTISSA_BITS = 10;
  private static final int F16_MANTISSA_MASK = 0x3ff;
  private static final int F16_TO_F32_BIAS = 127 - 15;
  private static final int F32_MANTISSA_BITS = 23;
  private static final int F32_INFINITY_BITS = 0x7f800000;

  private static final int CHUNK = 1 << 14;
  /** Every binary16 value widened, indexed by its bits: a lookup beats the bit arithmetic. */
  private static final float[] F16_TABLE = new float[1 << 16];

  static {
    for (int bits = 0; bits < F16_TABLE.length; bits++) {
      F16_TABLE[bits] = f16ToFloat((short) bits);
    }
  }

  private HalfFloatWidening() {}

  /** The float32 equal to an IEEE binary16 value; NaN payloads and signed zeros are kept. */
  static float f16ToFloat(short bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> F16_MANTISSA_BITS) & F16_EXPONENT_MASK;
    int mantissa = bits & F16_MANTISSA_MASK;
    if (exponent == F16_EXPONENT_MASK) {
      return Float.intBitsToFloat(sign | F32_INFINITY_BITS | mantissa << (F32_MANTISSA_BITS - F16_MANTISSA_BITS));
    }
    if (exponent == 0) {
      float magnitude = Math.scalb((float) mantissa, -24);
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | (exponent + F16_TO_F32_BIAS) << F32_MANTISSA_BITS
        | mantissa << (F32_MANTISSA_BITS - F16_MANTISSA_BITS));
  }

  /** The float32 equal to a bfloat16 value: bfloat16 is the top half of a float32. */
  static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /**
   * An F16 or BF16 tensor widened to a new F32 tensor of the same shape.
   *
   * @throws IllegalArgumentException for any other dtype
   */
  static HostTensor toF32(HostTensor half) {
    boolean bf16 = switch (half.dtype()) {
      case F16 -> false;
      case BF16 -> true;
      default -> throw new IllegalArgumentException("only F16 and BF16 tensors widen here, got " + half.dtype());
    };
    ShortBuffer source = half.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(half.numel() * DType.F32.byteSize()))
        .order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer target = out.asFloatBuffer();
    short[] halves = new short[Math.min(CHUNK, source.remaining())];
    float[] floats = new float[halves.length];
    while (source.hasRemaining()) {
      int count = Math.min(halves.length, source.remaining());
      source.get(halves, 0, count);
      for (int i = 0; i < count; i++) {
        floats[i] = bf16 ? bf16ToFloat(halves[i]) : F16_TABLE[halves[i] & 0xffff];
      }
      target.put(floats, 0, count);
    }
    return new HostTensor(DType.F32, half.shape(), out);
  }
}
