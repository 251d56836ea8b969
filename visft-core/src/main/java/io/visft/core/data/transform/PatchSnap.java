package io.visft.core.data.transform;

import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbColor;
import java.util.random.RandomGenerator;

/**
 * Pads the bottom and right so both sides become multiples of the ViT patch size, as the backbone
 * needs whole patches. Padded pixels are filled with {@code fill} and set in the padding mask; use
 * {@link PatchPadding} to bring that mask to the patch grid. Draws no random numbers.
 *
 * @param patchSize patch side in pixels, positive (14 for EVA)
 * @param fill colour of the padded pixels
 */
public record PatchSnap(int patchSize, RgbColor fill) implements ImageTransform {

  /** The patch side of EVA ViT-G and ViT-E. */
  public static final int EVA_PATCH_SIZE = 14;

  public PatchSnap {
    ConfigChecks.require(
        patchSize > 0, "PatchSnap", "patchSize", patchSize, "must be positive", "use 14 for EVA");
    ConfigChecks.require(
        fill != null, "PatchSnap", "fill", null, "must be set", "use PatchSnap.eva()");
  }

  /**
   * EVA's 14-pixel patches, padded with the ImageNet mean colour so padded pixels normalise to 0,
   * the value batching pads with.
   */
  public static PatchSnap eva() {
    return new PatchSnap(EVA_PATCH_SIZE, RgbColor.meanOf(ImageNormalization.imagenet()));
  }

  /** The smallest multiple of {@code patchSize} that is at least {@code side}. */
  public int snap(int side) {
    return Math.floorDiv(side + patchSize - 1, patchSize) * patchSize;
  }

  @Override
  public AnnotatedImage apply(AnnotatedImage sample, RandomGenerator random) {
    return AnnotatedImages.padBottomRight(
        sample, snap(sample.height()), snap(sample.width()), fill);
  }
}
