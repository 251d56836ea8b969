package io.visft.core.graph;

import io.visft.api.ConfigException;
import io.visft.api.ConfigNames;
import io.visft.api.DType;
import java.util.Locale;

/**
 * The element type the products of activations with frozen weights are computed in (mixed
 * precision, as the paper trained in FP16). With {@link #FP16} or {@link #BF16} a frozen-weight
 * product reads its activation cast to 16 bits, the weight in its stored 16-bit form (cast only
 * when stored otherwise), and casts its output back to F32 before anything else sees it: residual
 * adds, norms, softmax, GELU, losses and every LoRA tensor stay F32. The backward pass follows by
 * the {@code Cast} rule: the input gradient of a 16-bit product is itself a 16-bit product, cast
 * back to F32.
 *
 * <p>16-bit products need the CUDA provider: ONNX Runtime's CPU provider (1.29) has no BF16 kernel
 * for Gemm or MatMul (nor for any arithmetic op), and its F16 kernels are slower than F32, not
 * faster (measured: MatMul about 3 times, Gemm a reference loop 190 to 550 times), so {@code
 * RuntimeOptions} refuses 16-bit precision on CPU.
 */
public enum ComputePrecision {
  /** Single precision throughout (the default; the only choice on CPU). */
  FP32(DType.F32),
  /** Frozen-weight products in IEEE half precision. */
  FP16(DType.F16),
  /** Frozen-weight products in bfloat16. */
  BF16(DType.BF16);

  private final DType dtype;

  ComputePrecision(DType dtype) {
    this.dtype = dtype;
  }

  /** The element type of a frozen-weight product's operands and result. */
  public DType dtype() {
    return dtype;
  }

  /** True for the 16-bit precisions. */
  public boolean reduced() {
    return this != FP32;
  }

  /** The name configs and the command line use: {@code fp32}, {@code fp16} or {@code bf16}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The precision named {@code value} ({@code fp32}, {@code fp16} or {@code bf16}, in any case).
   *
   * @param field where the value was set (e.g. {@code --compute-precision}), for the message
   * @throws ConfigException naming {@code field}, the value and the accepted ones
   */
  public static ComputePrecision parse(String value, String field) {
    return ConfigNames.parse(
        ComputePrecision.class,
        value,
        field,
        "is not a compute precision; use fp32, fp16 or bf16 (16-bit"
            + " products need the CUDA provider)");
  }

  /**
   * {@code v} as an operand of a product in this precision: {@code v} itself when it already has
   * this type; when {@code v} is the F32 read of a 16-bit frozen weight ({@link
   * FrozenWeights#read}), the stored weight itself if it has this type, else one {@code Cast} of
   * the stored weight (F16 to BF16, say), so that no weight is widened to F32 on its way; else a
   * {@code Cast} of {@code v}. The backward pass reuses such a cast weight rather than casting it
   * again.
   */
  public Value operand(Ops o, Value v) {
    if (v.dtype() == dtype) {
      return v;
    }
    Value source = FrozenWeights.isRead(v) ? v.producer().orElseThrow().input(0) : v;
    return o.cast(source, dtype);
  }

  /** A product's result {@code v} back in F32. */
  public Value result(Ops o, Value v) {
    return o.cast(v, DType.F32);
  }
}
