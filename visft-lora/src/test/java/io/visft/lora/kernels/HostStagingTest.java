package io.visft.lora.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** The host side of GPU transfers (native memory only; runs without a GPU). */
class HostStagingTest {

  private final RandomMatrices random = new RandomMatrices(11);

  @Test
  void arraysRoundTripThroughGrowingStagingMemory() {
    try (HostStaging staging = new HostStaging()) {
      for (int length : new int[] {3, 1000, 17}) {
        float[] values = random.floats(length);
        staging.stage(values);
        float[] back = new float[length];
        staging.unstage(back);
        assertArrayEquals(values, back);
      }
    }
  }

  @Test
  void buffersOfEitherByteOrderRoundTripFromTheirPosition() {
    float[] values = random.floats(40);
    FloatBuffer bigEndian =
        ByteBuffer.allocateDirect(50 * Float.BYTES).order(ByteOrder.BIG_ENDIAN).asFloatBuffer();
    bigEndian.put(5, values).position(5).limit(45);
    FloatBuffer heap = FloatBuffer.allocate(48);
    heap.position(8);

    try (HostStaging staging = new HostStaging()) {
      staging.stage(bigEndian);
      staging.unstage(heap);
    }

    assertEquals(5, bigEndian.position());
    assertEquals(8, heap.position());
    float[] back = new float[40];
    heap.get(8, back);
    assertArrayEquals(values, back);
  }
}
