package io.visft.heads.matching;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The result of a minimum-cost assignment: matched pairs sorted by row, each row and each column
 * used at most once, and the sum of their costs. The number of pairs is {@code min(rows, cols)} of
 * the cost matrix it solved. Immutable and thread-safe.
 *
 * @param matches pairs in strictly increasing row order, with distinct columns
 * @param totalCost sum of {@code cost[row][col]} over the pairs
 */
public record Assignment(List<Match> matches, double totalCost) {

  public Assignment {
    matches = ImmutableList.copyOf(matches);
    long distinctCols = matches.stream().mapToInt(Match::col).distinct().count();
    checkArgument(distinctCols == matches.size(), "columns repeat in %s", matches);
    for (int i = 1; i < matches.size(); i++) {
      checkArgument(
          matches.get(i - 1).row() < matches.get(i).row(),
          "matches must be in strictly increasing row order, got %s",
          matches);
    }
  }

  /** Number of matched pairs. */
  public int size() {
    return matches.size();
  }

  /** Row (prediction) indices {@code [size]}, increasing, as scipy's {@code row_ind}. */
  public int[] rows() {
    return matches.stream().mapToInt(Match::row).toArray();
  }

  /**
   * Column (target) indices {@code [size]}, aligned with {@link #rows()}, as scipy's {@code
   * col_ind}.
   */
  public int[] cols() {
    return matches.stream().mapToInt(Match::col).toArray();
  }
}
