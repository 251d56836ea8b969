package io.visft.core.data.transform;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * DETR's multi-scale resize: picks a short-side length uniformly from {@code shortSides} and
 * resizes keeping the aspect ratio, unless the long side would then exceed {@code maxLongSide}, in
 * which case the long side is set to it instead. Draws one number per call.
 *
 * <p>Sizes follow the reference rule exactly, rounding down: with a cap, the short side becomes
 * {@code floor(maxLongSide * short / long)} when {@code long / short * size > maxLongSide}; the
 * other side is {@code floor(size * long / short)}. Where the reference would round the short side
 * down to 0 (an image more elongated than {@code maxLongSide : 1}), the output is 1 by {@code
 * maxLongSide}.
 *
 * @param shortSides candidate short-side lengths, positive, at least one
 * @param maxLongSide cap on the long side, or {@link #NO_LIMIT}
 */
public record ShortSideResize(List<Integer> shortSides, int maxLongSide) implements ImageTransform {

  /** No cap on the long side. */
  public static final int NO_LIMIT = Integer.MAX_VALUE;

  public ShortSideResize {
    shortSides = List.copyOf(shortSides);
    ConfigChecks.require(
        !shortSides.isEmpty() && shortSides.stream().allMatch(s -> s > 0),
        "ShortSideResize",
        "shortSides",
        shortSides,
        "must list at least one positive length",
        "for example [480, 512, ..., 672]");
    ConfigChecks.require(
        maxLongSide > 0,
        "ShortSideResize",
        "maxLongSide",
        maxLongSide,
        "must be positive",
        "use 672 (ViSFT detection) or ShortSideResize.NO_LIMIT");
  }

  @Override
  public AnnotatedImage apply(AnnotatedImage sample, RandomGenerator random) {
    int shortSide = shortSides.get(random.nextInt(shortSides.size()));
    int[] size = outputSize(sample.height(), sample.width(), shortSide, maxLongSide);
    return AnnotatedImages.resize(sample, size[0], size[1]);
  }

  /**
   * The output {@code {height, width}} for an input of {@code height x width}.
   *
   * @param maxLongSide cap on the long side, or {@link #NO_LIMIT}
   */
  public static int[] outputSize(int height, int width, int shortSide, int maxLongSide) {
    int size = shortSide;
    int shortIn = Math.min(height, width);
    int longIn = Math.max(height, width);
    if (maxLongSide != NO_LIMIT && (double) longIn / shortIn * size > maxLongSide) {
      size = (int) ((long) maxLongSide * shortIn / longIn);
    }
    if (size == 0) {
      return width < height ? new int[] {maxLongSide, 1} : new int[] {1, maxLongSide};
    }
    if (shortIn == size) {
      return new int[] {height, width};
    }
    int longOut = (int) ((double) size * longIn / shortIn);
    return width < height ? new int[] {longOut, size} : new int[] {size, longOut};
  }
}
