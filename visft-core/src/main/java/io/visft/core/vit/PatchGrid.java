package io.visft.core.vit;

import com.google.common.base.Preconditions;

/**
 * The grid of patches an image is cut into: {@code rows = height / patch}, {@code cols = width /
 * patch}. The backbone's output map is {@code [batch, dim, rows, cols]}.
 *
 * @param rows patches along the height, positive
 * @param cols patches along the width, positive
 */
public record PatchGrid(int rows, int cols) {

  /** Checks that both sides are positive. */
  public PatchGrid {
    Preconditions.checkArgument(
        rows > 0 && cols > 0, "patch grid %sx%s must be positive", rows, cols);
  }

  /** Number of patch tokens, {@code rows * cols}. */
  public int tokens() {
    return rows * cols;
  }
}
