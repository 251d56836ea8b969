package io.visft.core.data.mask;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.geometry.Box;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * A binary pixel mask {@code [height, width]}, row-major, one byte per pixel holding 0 or 1.
 *
 * <p>Used for instance masks (1 = object) and padding masks (1 = padded pixel). Ownership: the
 * record shares the array it is given and returns it without copying; treat it as immutable. Every
 * operation returns a new mask. Safe to share between threads once built.
 *
 * @param height rows, positive
 * @param width columns, positive
 * @param bits {@code height * width} values, each 0 or 1
 */
public record BinaryMask(int height, int width, byte[] bits) {

  public BinaryMask {
    checkArgument(
        height > 0 && width > 0, "mask size must be positive, got %sx%s (h x w)", height, width);
    checkArgument(
        bits.length == (long) height * width,
        "a %sx%s mask needs %s values, got %s",
        height,
        width,
        (long) height * width,
        bits.length);
    for (int i = 0; i < bits.length; i++) {
      checkArgument(
          bits[i] == 0 || bits[i] == 1,
          "mask values must be 0 or 1, found %s at index %s",
          bits[i],
          i);
    }
  }

  /** An all-zero mask. */
  public static BinaryMask zeros(int height, int width) {
    return new BinaryMask(height, width, new byte[height * width]);
  }

  /**
   * A mask that is 1 on rows {@code [top, bottom)} and columns {@code [left, right)}, 0 elsewhere.
   */
  public static BinaryMask rectangle(
      int height, int width, int top, int left, int bottom, int right) {
    checkArgument(
        0 <= top
            && top <= bottom
            && bottom <= height
            && 0 <= left
            && left <= right
            && right <= width,
        "rectangle rows [%s, %s) and columns [%s, %s) must lie inside a %sx%s mask",
        top,
        bottom,
        left,
        right,
        height,
        width);
    byte[] bits = new byte[height * width];
    for (int y = top; y < bottom; y++) {
      Arrays.fill(bits, y * width + left, y * width + right, (byte) 1);
    }
    return new BinaryMask(height, width, bits);
  }

  /** Whether the pixel at row {@code y}, column {@code x} is set. */
  public boolean get(int y, int x) {
    return bits[y * width + x] != 0;
  }

  /** Number of pixels set. */
  public int count() {
    int n = 0;
    for (byte b : bits) {
      n += b;
    }
    return n;
  }

  /** True when no pixel is set. */
  public boolean isEmpty() {
    for (byte b : bits) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The tight box around the set pixels, in pixel-edge coordinates (pixel column {@code x} spans
   * {@code [x, x+1]}); empty when no pixel is set.
   */
  public Optional<Box> boundingBox() {
    int minX = width;
    int minY = height;
    int maxX = -1;
    int maxY = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (bits[y * width + x] != 0) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    return maxX < 0 ? Optional.empty() : Optional.of(new Box(minX, minY, maxX + 1, maxY + 1));
  }

  /** A copy as a BOOL tensor of shape {@code [height, width]}. */
  public HostTensor toTensor() {
    return new HostTensor(DType.BOOL, new long[] {height, width}, ByteBuffer.wrap(bits.clone()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinaryMask m
        && m.height == height
        && m.width == width
        && Arrays.equals(m.bits, bits);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return "BinaryMask[" + height + "x" + width + ", " + count() + " set]";
  }
}
