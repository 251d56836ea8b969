package io.visft.lora.kernels;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The three gradients of a LoRA delta {@code Y += s (X A^T) B^T}, all row-major, owned by the
 * caller. The record shares its arrays: kernels write into them, so one instance can be reused
 * across steps to avoid allocation.
 *
 * @param dX gradient with respect to the input, {@code [rows, in]}
 * @param dA gradient with respect to {@code A}, {@code [rank, in]}
 * @param dB gradient with respect to {@code B}, {@code [out, rank]}
 */
public record LoraGradients(float[] dX, float[] dA, float[] dB) {

  public LoraGradients {
    checkArgument(dX != null && dA != null && dB != null, "dX, dA and dB must all be non-null");
  }

  /** Fresh zero-filled gradients for {@code rows} input rows of an adapter of this shape. */
  public static LoraGradients allocate(LoraShape shape, int rows) {
    checkArgument(rows >= 1, "rows must be at least 1, got %s", rows);
    return new LoraGradients(
        new float[shape.inputLength(rows)], new float[shape.aLength()], new float[shape.bLength()]);
  }
}
