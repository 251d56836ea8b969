package io.visft.lora.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Argument checking, ownership and lifecycle of the CPU kernels. */
class CpuLoraKernelsContractTest {

  private static final LoraShape SHAPE = new LoraShape(5, 3, 2);
  private final RandomMatrices random = new RandomMatrices(7);
  private final CpuLoraKernels kernels = new CpuLoraKernels(2);

  @AfterEach
  void close() {
    kernels.close();
  }

  @Test
  void wrongInputLengthIsAShapeErrorNamingTheRule() {
    float[] y = new float[4 * 3];
    ShapeException e =
        assertThrows(
            ShapeException.class,
            () ->
                kernels.deltaForward(
                    SHAPE, 4, new float[19], random.floats(10), random.floats(6), 1f, y));
    assertEquals(
        "X has 19 floats, expected rows * inFeatures = 4 * 5 = 20 (row-major)", e.getMessage());
    assertArrayEquals(new float[12], y, "Y must be untouched");
  }

  @Test
  void wrongGradientLengthIsAShapeError() {
    LoraGradients into = new LoraGradients(new float[20], new float[10], new float[5]);
    ShapeException e =
        assertThrows(
            ShapeException.class,
            () ->
                kernels.deltaBackward(
                    SHAPE,
                    4,
                    random.floats(20),
                    random.floats(10),
                    random.floats(6),
                    1f,
                    random.floats(12),
                    into));
    assertTrue(
        e.getMessage().startsWith("dB has 5 floats, expected outFeatures * rank = 3 * 2 = 6"),
        e.getMessage());
  }

  @Test
  void mergeRefusesNonFiniteFactorsAndLeavesTheWeightAlone() {
    float[] w = random.floats(15);
    float[] before = w.clone();
    float[] b = random.floats(6);
    b[4] = Float.NaN;
    NumericException e =
        assertThrows(
            NumericException.class, () -> kernels.merge(SHAPE, w, random.floats(10), b, 1f));
    assertTrue(e.getMessage().contains("factor B holds NaN at flat index 4"), e.getMessage());
    assertArrayEquals(before, w);
  }

  @Test
  void nonFiniteScaleIsANumericError() {
    NumericException e =
        assertThrows(
            NumericException.class,
            () ->
                kernels.deltaForward(
                    SHAPE,
                    1,
                    random.floats(5),
                    random.floats(10),
                    random.floats(6),
                    Float.POSITIVE_INFINITY,
                    new float[3]));
    assertTrue(e.getMessage().contains("scale is Infinity"), e.getMessage());
  }

  @Test
  void mergeRejectsReadOnlyAndMisSizedBuffers() {
    FloatBuffer readOnly = FloatBuffer.allocate(15).asReadOnlyBuffer();
    IllegalArgumentException ro =
        assertThrows(
            IllegalArgumentException.class,
            () -> kernels.merge(SHAPE, readOnly, random.floats(10), random.floats(6), 1f));
    assertTrue(ro.getMessage().contains("MapMode.PRIVATE"), ro.getMessage());

    FloatBuffer tooLong = ByteBuffer.allocateDirect(16 * 4).asFloatBuffer();
    ShapeException size =
        assertThrows(
            ShapeException.class,
            () -> kernels.merge(SHAPE, tooLong, random.floats(10), random.floats(6), 1f));
    assertTrue(
        size.getMessage()
            .contains("16 floats remaining, expected outFeatures * inFeatures = 3 * 5 = 15"),
        size.getMessage());
  }

  @Test
  void mergeLeavesBufferPositionAndLimitAlone() {
    FloatBuffer w = FloatBuffer.allocate(20);
    w.position(2).limit(17);
    kernels.merge(SHAPE, w, random.floats(10), random.floats(6), 1f);
    assertEquals(2, w.position());
    assertEquals(17, w.limit());
    FloatBuffer whole = w.duplicate().clear();
    assertEquals(0f, whole.get(1), "float before the weight");
    assertEquals(0f, whole.get(17), "float after the weight");
  }

  @Test
  void outputsMustNotAliasInputs() {
    LoraShape square = new LoraShape(3, 3, 1);
    float[] xy = random.floats(6);
    assertThrows(
        IllegalArgumentException.class,
        () -> kernels.deltaForward(square, 2, xy, random.floats(3), random.floats(3), 1f, xy));
  }

  @Test
  void closedKernelsRefuseWork() {
    kernels.close();
    kernels.close();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> kernels.merge(SHAPE, new float[15], random.floats(10), random.floats(6), 1f));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void shapeValidatesItsDimensions() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LoraShape(8, 8, 0));
    assertEquals("rank must be at least 1, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LoraShape(1 << 16, 1 << 16, 8));
  }
}
