package io.visft.core.data;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Stacks pre-normalised square images held in memory into batch tensors. */
final class ImageStack {

  private ImageStack() {}

  /**
   * Images {@code [first, first + count)} of {@code pixels} (wrapping around) as {@code [count, 3,
   * size, size]}; each entry of {@code pixels} holds {@code 3·size·size} values.
   */
  static HostTensor stack(float[][] pixels, int size, int first, int count) {
    int per = 3 * size * size;
    ByteBuffer b = ByteBuffer.allocate(count * per * 4).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer f = b.asFloatBuffer();
    for (int i = 0; i < count; i++) {
      f.put(pixels[Math.floorMod(first + i, pixels.length)]);
    }
    return new HostTensor(DType.F32, new long[] {count, 3, size, size}, b);
  }
}
