package io.visft.core.data.transform;

import java.util.List;

/**
 * The per-task pipelines of ViSFT stage 1, each ending in a {@link PatchSnap} so the output sides
 * are multiples of the patch size. Stateless.
 */
public final class Augmentations {
  private Augmentations() {}

  /**
   * Detection training: flip, then plain multi-scale resize or DETR's resize-crop-resize branch,
   * then snap.
   */
  public static ImageTransform detectionTrain(DetrAugmentConfig config, PatchSnap snap) {
    ShortSideResize multiScale =
        new ShortSideResize(config.trainShortSides(), config.maxLongSide());
    ImageTransform cropBranch =
        ImageTransform.sequence(
            List.of(
                new ShortSideResize(config.cropBranchShortSides(), ShortSideResize.NO_LIMIT),
                new RandomSizeCrop(config.cropMinSize(), config.cropMaxSize()),
                multiScale));
    return ImageTransform.sequence(
        List.of(
            new RandomHorizontalFlip(config.flipProbability()),
            new RandomChoice(multiScale, cropBranch, config.plainBranchProbability()),
            snap));
  }

  /** Detection evaluation: short side {@code evalShortSide} under the long-side cap, then snap. */
  public static ImageTransform detectionEval(DetrAugmentConfig config, PatchSnap snap) {
    return new ShortSideResize(List.of(config.evalShortSide()), config.maxLongSide()).andThen(snap);
  }

  /** Segmentation training: flip with probability 0.5, large-scale jitter, then snap. */
  public static ImageTransform segmentationTrain(LargeScaleJitter jitter, PatchSnap snap) {
    return ImageTransform.sequence(List.of(new RandomHorizontalFlip(0.5), jitter, snap));
  }

  /** Captioning: a fixed resize (256 x 256 in the paper), then snap. */
  public static ImageTransform captioning(FixedResize resize, PatchSnap snap) {
    return resize.andThen(snap);
  }
}
