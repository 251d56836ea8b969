package io.visft.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.io.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Symmetric per-output-channel int8 quantization ({@link Int8Weights}), on the host. */
class Int8WeightsTest {

  @Test
  void eachRowGetsItsOwnScaleAndItsLargestMagnitudeMapsToSixtyThree() {
    float[] w = {0.6f, -1.0f, 0.3f, 8f, 2f, -3f};
    Int8Weights.Quantized q = Int8Weights.quantize(HostTensor.ofFloats(w, 2, 3), "w");
    assertArrayEquals(new float[] {1f / 63, 8f / 63}, q.scale().toFloatArray(), 1e-9f);
    assertArrayEquals(new long[] {2, 3}, q.values().shape());
    assertEquals(DType.I8, q.values().dtype());
    assertArrayEquals(new byte[] {38, -63, 19, 63, 16, -24}, bytes(q.values()));
  }

  @Test
  void roundsHalfToEvenAsOnnxRuntimeDoes() {
    // scale 1 for the row whose largest magnitude is 63: 2.5 -> 2, 3.5 -> 4, -2.5 -> -2, 0.5 -> 0.
    float[] w = {63f, 2.5f, 3.5f, -2.5f, 0.5f};
    Int8Weights.Quantized q = Int8Weights.quantize(HostTensor.ofFloats(w, 1, 5), "w");
    assertArrayEquals(new byte[] {63, 2, 4, -2, 0}, bytes(q.values()));
  }

  @Test
  void aRowOfZerosGetsScaleZeroAndDequantizesExactly() {
    float[] w = {0f, 0f, 0f, 1f, -2f, 3f};
    Int8Weights.Quantized q = Int8Weights.quantize(HostTensor.ofFloats(w, 2, 3), "w");
    assertEquals(0f, q.scale().toFloatArray()[0]);
    float[] back = dequantize(q).toFloatArray();
    assertArrayEquals(new float[] {0f, 0f, 0f}, java.util.Arrays.copyOf(back, 3));
  }

  @Test
  void dequantizationErrorIsAtMostHalfAStepPerRow() {
    Random rnd = new Random(3);
    int rows = 37;
    int cols = 101;
    float[] w = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      double rowScale = Math.pow(10, rnd.nextInt(5) - 3);
      for (int c = 0; c < cols; c++) {
        w[r * cols + c] = (float) (rnd.nextGaussian() * rowScale);
      }
    }
    Int8Weights.Quantized q = Int8Weights.quantize(HostTensor.ofFloats(w, rows, cols), "w");
    float[] back = dequantize(q).toFloatArray();
    float[] scale = q.scale().toFloatArray();
    byte[] values = bytes(q.values());
    for (int r = 0; r < rows; r++) {
      float max = 0;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, Math.abs(w[r * cols + c]));
      }
      assertEquals(max / Int8Weights.MAX_MAGNITUDE, scale[r], max * 1e-6f);
      for (int c = 0; c < cols; c++) {
        int i = r * cols + c;
        assertTrue(
            Math.abs(values[i]) <= Int8Weights.MAX_MAGNITUDE,
            "value " + values[i] + " beyond seven bits");
        assertTrue(
            Math.abs(back[i] - w[i]) <= scale[r] / 2 * (1 + 1e-5f) + 1e-12f,
            "row "
                + r
                + " col "
                + c
                + ": "
                + w[i]
                + " dequantized to "
                + back[i]
                + " (scale "
                + scale[r]
                + ")");
      }
    }
  }

  @Test
  void halfPrecisionWeightsQuantizeLikeTheirF32Values() {
    float[] w = {0.75f, -1.5f, 3f, 0.125f};
    ByteBuffer half = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : w) {
      half.putShort(HalfFloats.floatToF16(v));
    }
    Int8Weights.Quantized fromHalf =
        Int8Weights.quantize(new HostTensor(DType.F16, new long[] {2, 2}, half.flip()), "w");
    Int8Weights.Quantized fromF32 = Int8Weights.quantize(HostTensor.ofFloats(w, 2, 2), "w");
    assertArrayEquals(bytes(fromF32.values()), bytes(fromHalf.values()));
    assertArrayEquals(fromF32.scale().toFloatArray(), fromHalf.scale().toFloatArray());
  }

  @Test
  void rejectsOtherRanksAndNonFiniteWeightsNamingTheWeight() {
    ShapeException rank =
        assertThrows(
            ShapeException.class,
            () ->
                Int8Weights.quantize(
                    HostTensor.ofFloats(new float[] {1, 2}, 2), "blocks.0.mlp.fc1.weight"));
    assertTrue(
        rank.getMessage().contains("blocks.0.mlp.fc1.weight")
            && rank.getMessage().contains("[out, in]"),
        rank.getMessage());
    ShapeException nan =
        assertThrows(
            ShapeException.class,
            () ->
                Int8Weights.quantize(HostTensor.ofFloats(new float[] {1, Float.NaN}, 1, 2), "w.x"));
    assertTrue(
        nan.getMessage().contains("w.x") && nan.getMessage().contains("[0, 1]"), nan.getMessage());
  }

  @Test
  void quantizeSelectedReplacesChosenWeightsAddsScalesAndIsIdempotent() {
    Map<String, HostTensor> weights = new LinkedHashMap<>();
    weights.put("a.weight", HostTensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));
    weights.put("a.bias", HostTensor.ofFloats(new float[] {1, 2}, 2));
    Map<String, HostTensor> q = Int8Weights.quantizeSelected(weights, n -> n.endsWith(".weight"));
    assertEquals(
        List.of("a.weight", FrozenWeights.scaleName("a.weight"), "a.bias"),
        List.copyOf(q.keySet()));
    assertEquals(DType.I8, q.get("a.weight").dtype());
    assertEquals(weights.get("a.bias"), q.get("a.bias"));
    assertEquals(q, Int8Weights.quantizeSelected(q, n -> n.endsWith(".weight")));
  }

  /**
   * {@code q · scale} per row, as F32 {@code [out, in]}: what the integer products compute with.
   */
  private static HostTensor dequantize(Int8Weights.Quantized quantized) {
    long[] shape = quantized.values().shape();
    byte[] q = bytes(quantized.values());
    float[] s = quantized.scale().toFloatArray();
    float[] out = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      out[i] = q[i] * s[i / (int) shape[1]];
    }
    return HostTensor.ofFloats(out, shape);
  }

  private static byte[] bytes(HostTensor t) {
    ByteBuffer b = t.data().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
