package io.visft.core.data.transform;

import java.util.List;
import java.util.stream.IntStream;

/**
 * DETR-style detection augmentation: flip, then with probability {@code plainBranchProbability} a
 * multi-scale resize, otherwise the crop branch (resize the short side to one of {@code
 * cropBranchShortSides}, take a {@link RandomSizeCrop} of {@code cropMinSize..cropMaxSize}, then
 * the multi-scale resize). Evaluation resizes the short side to {@code evalShortSide} under the
 * same long-side cap.
 *
 * @param trainShortSides multi-scale short sides, positive
 * @param maxLongSide cap on the long side after every multi-scale resize
 * @param cropBranchShortSides short sides before the crop, positive
 * @param cropMinSize smallest crop side
 * @param cropMaxSize largest crop side
 * @param evalShortSide short side at evaluation
 * @param flipProbability chance of a horizontal flip
 * @param plainBranchProbability chance of the plain resize instead of the crop branch
 */
public record DetrAugmentConfig(
    List<Integer> trainShortSides,
    int maxLongSide,
    List<Integer> cropBranchShortSides,
    int cropMinSize,
    int cropMaxSize,
    int evalShortSide,
    double flipProbability,
    double plainBranchProbability) {

  private static final String NAME = "DetrAugmentConfig";

  public DetrAugmentConfig {
    trainShortSides = List.copyOf(trainShortSides);
    cropBranchShortSides = List.copyOf(cropBranchShortSides);
    requirePositiveSizes("trainShortSides", trainShortSides);
    requirePositiveSizes("cropBranchShortSides", cropBranchShortSides);
    ConfigChecks.require(
        maxLongSide > 0, NAME, "maxLongSide", maxLongSide, "must be positive", "use 672 (ViSFT)");
    ConfigChecks.require(
        cropMinSize > 0, NAME, "cropMinSize", cropMinSize, "must be positive", "use 384 (DETR)");
    ConfigChecks.require(
        cropMaxSize >= cropMinSize,
        NAME,
        "cropMaxSize",
        cropMaxSize,
        "must be at least cropMinSize = " + cropMinSize,
        "use 600 (DETR)");
    ConfigChecks.require(
        evalShortSide > 0,
        NAME,
        "evalShortSide",
        evalShortSide,
        "must be positive",
        "use 800 (DETR)");
    ConfigChecks.requireProbability(NAME, "flipProbability", flipProbability);
    ConfigChecks.requireProbability(NAME, "plainBranchProbability", plainBranchProbability);
  }

  /**
   * The ViSFT detection setting: short sides 480 to 672 in steps of 32 with the long side capped at
   * 672; crop branch short sides 400/500/600 and crops of 384 to 600; evaluation short side 800 (so
   * in practice the 672 cap decides); flip and branch probabilities 0.5.
   *
   * <p>With the 672 cap most COCO images (4:3) end up with a long side of exactly 672 and a short
   * side of 480 to 504: the cap, not the short-side list, sets the scale.
   */
  public static DetrAugmentConfig visft() {
    return new DetrAugmentConfig(
        IntStream.rangeClosed(0, 6).mapToObj(i -> 480 + 32 * i).toList(),
        672,
        List.of(400, 500, 600),
        384,
        600,
        800,
        0.5,
        0.5);
  }

  /**
   * This setting scaled so the long-side cap becomes {@code newMaxLongSide} (every size times
   * {@code newMaxLongSide / maxLongSide}, rounded, at least 1; probabilities unchanged): the
   * paper's augmentation for smaller training images.
   */
  public DetrAugmentConfig scaledTo(int newMaxLongSide) {
    ConfigChecks.require(
        newMaxLongSide > 0,
        NAME,
        "maxLongSide",
        newMaxLongSide,
        "must be positive",
        "use 672 (ViSFT)");
    double f = (double) newMaxLongSide / maxLongSide;
    java.util.function.IntUnaryOperator scale = v -> Math.max(1, (int) Math.round(v * f));
    return new DetrAugmentConfig(
        trainShortSides.stream().map(scale::applyAsInt).toList(),
        newMaxLongSide,
        cropBranchShortSides.stream().map(scale::applyAsInt).toList(),
        scale.applyAsInt(cropMinSize),
        scale.applyAsInt(cropMaxSize),
        scale.applyAsInt(evalShortSide),
        flipProbability,
        plainBranchProbability);
  }

  private static void requirePositiveSizes(String field, List<Integer> sizes) {
    ConfigChecks.require(
        !sizes.isEmpty() && sizes.stream().allMatch(s -> s > 0),
        NAME,
        field,
        sizes,
        "must list at least one positive length",
        "see DetrAugmentConfig.visft()");
  }
}
