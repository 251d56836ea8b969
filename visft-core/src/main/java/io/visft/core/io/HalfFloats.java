package io.visft.core.io;

/** Conversions between IEEE half precision (f16), bfloat16 and float. */
public final class HalfFloats {
  /** Every f16 value, so that widening large checkpoints is one table lookup per element. */
  private static final float[] F16_TABLE = new float[1 << 16];

  static {
    for (int i = 0; i < F16_TABLE.length; i++) {
      F16_TABLE[i] = decodeF16((short) i);
    }
  }

  private HalfFloats() {}

  /** An f16 bit pattern as a float (exact, subnormals, infinities and NaN included). */
  public static float f16ToFloat(short bits) {
    return F16_TABLE[bits & 0xffff];
  }

  private static float decodeF16(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** A bfloat16 bit pattern as a float (exact). */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** A float rounded to the nearest f16 (ties to even), as {@code torch.Tensor.half()}. */
  public static short floatToF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int val = bits & 0x7fffffff;
    if (val > 0x7f800000) {
      return (short) (sign | 0x7e00 | ((val >>> 13) & 0x3ff));
    }
    if (val >= 0x47800000) {
      return (short) (sign | 0x7c00);
    }
    if (val < 0x38800000) {
      int exp = val >>> 23;
      if (exp < 102) {
        return (short) sign;
      }
      int mant = (val & 0x7fffff) | 0x800000;
      int shift = 126 - exp;
      int half = mant >>> shift;
      int rem = mant & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rem > halfway || (rem == halfway && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int rounded = val + 0xfff + ((val >>> 13) & 1);
    return (short) (sign | ((rounded - 0x38000000) >>> 13));
  }

  /** A float rounded to the nearest bfloat16 (ties to even; NaN stays NaN). */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }
}
