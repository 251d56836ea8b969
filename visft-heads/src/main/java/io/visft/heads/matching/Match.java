package io.visft.heads.matching;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One matched pair of an assignment: prediction {@code row} is paired with target {@code col}.
 *
 * @param row index of the prediction (query), {@code >= 0}
 * @param col index of the ground-truth target, {@code >= 0}
 */
public record Match(int row, int col) {

  public Match {
    checkArgument(row >= 0 && col >= 0, "match indices must be >= 0, got (%s, %s)", row, col);
  }
}
