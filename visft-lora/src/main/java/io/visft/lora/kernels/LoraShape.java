package io.visft.lora.kernels;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The dimensions of one LoRA adapter on a linear layer {@code y = x W^T}: {@code W [out, in]},
 * {@code A [rank, in]}, {@code B [out, rank]}, all row-major.
 *
 * @param inFeatures columns of {@code W} and {@code A}; the width of the layer input
 * @param outFeatures rows of {@code W} and {@code B}; the width of the layer output
 * @param rank rows of {@code A} and columns of {@code B}
 */
public record LoraShape(int inFeatures, int outFeatures, int rank) {

  public LoraShape {
    checkArgument(inFeatures >= 1, "inFeatures must be at least 1, got %s", inFeatures);
    checkArgument(outFeatures >= 1, "outFeatures must be at least 1, got %s", outFeatures);
    checkArgument(rank >= 1, "rank must be at least 1, got %s", rank);
    checkArgument(
        (long) inFeatures * outFeatures <= Integer.MAX_VALUE,
        "the weight [outFeatures=%s, inFeatures=%s] has more than 2^31 - 1 elements;"
            + " split the layer into row blocks of at most 2^31 - 1 elements",
        outFeatures,
        inFeatures);
  }

  /** Number of floats in {@code A [rank, in]}. */
  public int aLength() {
    return Math.multiplyExact(rank, inFeatures);
  }

  /** Number of floats in {@code B [out, rank]}. */
  public int bLength() {
    return Math.multiplyExact(outFeatures, rank);
  }

  /** Number of floats in {@code W [out, in]}. */
  public int weightLength() {
    return inFeatures * outFeatures;
  }

  /** Number of floats in an input batch {@code X [rows, in]}. */
  public int inputLength(int rows) {
    return Math.multiplyExact(rows, inFeatures);
  }

  /** Number of floats in an output batch {@code Y [rows, out]}. */
  public int outputLength(int rows) {
    return Math.multiplyExact(rows, outFeatures);
  }
}
