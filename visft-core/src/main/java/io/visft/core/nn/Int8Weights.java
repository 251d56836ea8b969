package io.visft.core.nn;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.io.TensorConversions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Symmetric per-output-channel int8 quantization of frozen linear weights, done once on the host:
 * for {@code W [out, in]}, {@code scale[o] = max|W[o, :]| / 63} and {@code q[o, i] = rint(W[o, i] /
 * scale[o])}, so {@code W ≈ diag(scale) · q} with {@code |W - q·scale| ≤ scale / 2} per element
 * ({@code rint}: ties to even, as ONNX Runtime's quantizer rounds). A row of zeros gets scale 0 and
 * zeros, dequantized exactly.
 *
 * <p><b>Seven-bit magnitudes ({@code |q| ≤ 63}), on purpose.</b> ONNX Runtime multiplies a uint8
 * activation by an int8 weight; on x86 CPUs without VNNI (AVX2 only) its kernel uses {@code
 * vpmaddubsw}, which adds two u8·s8 products into an int16 with saturation. With full int8 weights
 * a pair can reach {@code 2·255·127 = 64770 > 32767} and silently saturate; with {@code |q| ≤ 63} a
 * pair is at most {@code 2·255·63 = 32130}, which fits, so the product is exact on every x86 kernel
 * (ONNX Runtime's own quantizer calls this {@code reduce_range}). The cost is one bit of weight
 * resolution: the per-element error bound is {@code max|W[o, :]| / 126}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Int8Weights {
  /** The largest magnitude of a quantized value (seven bits, see the class comment). */
  public static final int MAX_MAGNITUDE = 63;

  private Int8Weights() {}

  /**
   * A quantized weight.
   *
   * @param values I8 {@code [out, in]}
   * @param scale F32 {@code [out]}
   */
  public record Quantized(HostTensor values, HostTensor scale) {}

  /**
   * Quantizes {@code weight}.
   *
   * @param weight {@code [out, in]}, F32, F16 or BF16
   * @param name names the weight in error messages
   * @throws ShapeException for another rank or dtype, or a non-finite element
   */
  public static Quantized quantize(HostTensor weight, String name) {
    if (weight.shape().length != 2) {
      throw new ShapeException(
          "weight '" + name + "' to quantize must be [out, in], got " + weight);
    }
    FloatBuffer w = TensorConversions.toF32(weight, "weight '" + name + "'").floatView();
    int rows = Math.toIntExact(weight.shape()[0]);
    int cols = Math.toIntExact(weight.shape()[1]);
    ByteBuffer q = ByteBuffer.allocateDirect(rows * cols);
    ByteBuffer s = ByteBuffer.allocateDirect(rows * 4).order(ByteOrder.LITTLE_ENDIAN);
    IntStream.range(0, rows)
        .parallel()
        .forEach(
            r -> {
              int base = r * cols;
              float max = 0;
              for (int c = 0; c < cols; c++) {
                float v = w.get(base + c);
                if (!Float.isFinite(v)) {
                  throw new ShapeException(
                      "weight '"
                          + name
                          + "' has a non-finite element "
                          + v
                          + " at ["
                          + r
                          + ", "
                          + c
                          + "]; int8 quantization needs finite weights — check the checkpoint");
                }
                max = Math.max(max, Math.abs(v));
              }
              float scale = max / MAX_MAGNITUDE;
              s.putFloat(4 * r, scale);
              for (int c = 0; c < cols; c++) {
                int v = scale == 0 ? 0 : (int) Math.rint(w.get(base + c) / scale);
                q.put(base + c, (byte) Math.max(-MAX_MAGNITUDE, Math.min(MAX_MAGNITUDE, v)));
              }
            });
    return new Quantized(
        new HostTensor(DType.I8, weight.shape(), q),
        new HostTensor(DType.F32, new long[] {rows}, s));
  }

  /**
   * {@code weights} with every weight that {@code selected} names replaced by its int8 values (same
   * name and shape) and its scale added as {@link FrozenWeights#scaleName}; weights already int8
   * are kept, other entries pass through; the order is kept, each scale right after its weight.
   */
  public static Map<String, HostTensor> quantizeSelected(
      Map<String, HostTensor> weights, Predicate<String> selected) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, HostTensor> e : weights.entrySet()) {
      String name = e.getKey();
      if (!selected.test(name) || e.getValue().dtype() == DType.I8) {
        out.putIfAbsent(name, e.getValue());
        continue;
      }
      Quantized q = quantize(e.getValue(), name);
      out.put(name, q.values());
      out.put(FrozenWeights.scaleName(name), q.scale());
    }
    return out;
  }
}
