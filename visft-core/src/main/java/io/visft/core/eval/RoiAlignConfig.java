package io.visft.core.eval;

import com.google.common.base.Preconditions;

/**
 * How RoI-align samples a box, with {@code torchvision.ops.roi_align} semantics; the S×S bins are
 * then averaged to one vector per box ({@link RoiAlignSampling}).
 *
 * @param outputSize S, the bins per side, positive
 * @param samplingRatio sampling points per bin and side; 0 means adaptive, {@code ceil(box side /
 *     S)} in map cells, as torchvision does for {@code sampling_ratio <= 0}
 * @param aligned {@code true} shifts box corners by half a cell so that a pixel corner maps to a
 *     cell corner (torchvision {@code aligned=True}); {@code false} is the original RoI-align,
 *     which also stretches boxes to at least one cell
 */
public record RoiAlignConfig(int outputSize, int samplingRatio, boolean aligned) {

  /** Checks the ranges. */
  public RoiAlignConfig {
    Preconditions.checkArgument(
        outputSize > 0, "outputSize %s must be positive (bins per box side)", outputSize);
    Preconditions.checkArgument(
        samplingRatio >= 0,
        "samplingRatio %s must be positive, or 0 for the adaptive ceil(box side / outputSize)",
        samplingRatio);
  }

  /** Aligned RoI-align ({@code aligned=True}) with the given grid. */
  public static RoiAlignConfig aligned(int outputSize, int samplingRatio) {
    return new RoiAlignConfig(outputSize, samplingRatio, true);
  }

  /** The Detectron2 box-head setting: 7×7 bins, 2×2 points per bin, aligned. */
  public static RoiAlignConfig detectron2() {
    return aligned(7, 2);
  }
}
