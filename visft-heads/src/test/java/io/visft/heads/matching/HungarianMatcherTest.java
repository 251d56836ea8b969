package io.visft.heads.matching;

import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class HungarianMatcherTest {

  @Test
  void equalsBruteForceOnSmallMatrices() {
    qt().withExamples(500)
        .forAll(smallCosts(doubles().between(-50, 50)))
        .checkAssert(
            cost -> {
              Assignment result = HungarianMatcher.match(cost);
              assertValidPartialPermutation(cost, result);
              assertEquals(BruteForceAssignment.minimumCost(cost), result.totalCost(), 1e-9);
            });
  }

  @Test
  void integerCostsWithTiesStillOptimal() {
    qt().withExamples(200)
        .forAll(smallCosts(integers().between(-1, 2).map(Integer::doubleValue)))
        .checkAssert(
            cost -> {
              Assignment result = HungarianMatcher.match(cost);
              assertValidPartialPermutation(cost, result);
              assertEquals(BruteForceAssignment.minimumCost(cost), result.totalCost(), 0);
            });
  }

  @Test
  void transposeGivesSameCostAndSwappedPairs() {
    qt().withExamples(50)
        .forAll(integers().between(1, 40), longs().all())
        .checkAssert(
            (targets, seed) -> {
              Random random = new Random(seed);
              double[][] cost = new double[100][targets];
              double[][] transposed = new double[targets][100];
              for (int i = 0; i < 100; i++) {
                for (int j = 0; j < targets; j++) {
                  cost[i][j] = random.nextGaussian() * 10;
                  transposed[j][i] = cost[i][j];
                }
              }
              Assignment tall = HungarianMatcher.match(cost);
              Assignment wide = HungarianMatcher.match(transposed);
              assertValidPartialPermutation(cost, tall);
              assertEquals(tall.totalCost(), wide.totalCost(), 1e-9);
              Set<List<Integer>> tallPairs =
                  tall.matches().stream().map(m -> List.of(m.row(), m.col())).collect(toSet());
              Set<List<Integer>> widePairs =
                  wide.matches().stream().map(m -> List.of(m.col(), m.row())).collect(toSet());
              assertEquals(tallPairs, widePairs);
              assertNoImprovingSwap(cost, tall);
            });
  }

  @Test
  void handCheckedExample() {
    double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    Assignment result = HungarianMatcher.match(cost);
    assertArrayEquals(new int[] {0, 1, 2}, result.rows());
    assertArrayEquals(new int[] {1, 0, 2}, result.cols());
    assertEquals(5, result.totalCost());
  }

  @Test
  void emptySidesGiveEmptyAssignments() {
    assertEquals(0, HungarianMatcher.match(new double[100][0]).size());
    assertEquals(0, HungarianMatcher.match(new double[0][0]).size());
    Assignment oneTarget = HungarianMatcher.match(new double[][] {{3}, {-1}, {2}});
    assertArrayEquals(new int[] {1}, oneTarget.rows());
    assertArrayEquals(new int[] {0}, oneTarget.cols());
  }

  @Test
  void nonFiniteCostNamesThePosition() {
    double[][] cost = {{0, 1}, {2, Double.NaN}};
    NumericException nan = assertThrows(NumericException.class, () -> HungarianMatcher.match(cost));
    assertTrue(nan.getMessage().contains("cost[1][1] is NaN"), nan.getMessage());
    double[][] inf = {{0, Double.NEGATIVE_INFINITY}};
    NumericException negInf =
        assertThrows(NumericException.class, () -> HungarianMatcher.match(inf));
    assertTrue(negInf.getMessage().contains("cost[0][1] is -Infinity"), negInf.getMessage());
  }

  @Test
  void raggedCostIsAShapeError() {
    ShapeException e =
        assertThrows(
            ShapeException.class, () -> HungarianMatcher.match(new double[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("row 1"), e.getMessage());
  }

  /** Cost matrices of 0 to 6 rows and columns with entries drawn from {@code entry}. */
  private static Gen<double[][]> smallCosts(Gen<Double> entry) {
    Gen<Gen<double[][]>> shaped =
        integers()
            .between(0, 6)
            .zip(
                integers().between(0, 6),
                (rows, cols) ->
                    in -> {
                      double[][] cost = new double[rows][cols];
                      for (double[] row : cost) {
                        for (int j = 0; j < cols; j++) {
                          row[j] = entry.generate(in);
                        }
                      }
                      return cost;
                    });
    return shaped.flatMap(cost -> cost).describedAs(Arrays::deepToString);
  }

  static void assertValidPartialPermutation(double[][] cost, Assignment result) {
    int rows = cost.length;
    int cols = rows == 0 ? 0 : cost[0].length;
    assertEquals(Math.min(rows, cols), result.size());
    Set<Integer> usedCols = new HashSet<>();
    int previousRow = -1;
    double total = 0;
    for (Match m : result.matches()) {
      assertTrue(m.row() > previousRow && m.row() < rows, "rows sorted and in range: " + result);
      assertTrue(
          m.col() < cols && usedCols.add(m.col()), "columns distinct and in range: " + result);
      previousRow = m.row();
      total += cost[m.row()][m.col()];
    }
    assertEquals(total, result.totalCost(), 1e-9);
  }

  /** No exchange of two matched columns, and no move to an unmatched column, lowers the cost. */
  private static void assertNoImprovingSwap(double[][] cost, Assignment result) {
    int[] r = result.rows();
    int[] c = result.cols();
    for (int a = 0; a < r.length; a++) {
      for (int b = a + 1; b < r.length; b++) {
        double swapped = cost[r[a]][c[b]] + cost[r[b]][c[a]];
        assertTrue(swapped >= cost[r[a]][c[a]] + cost[r[b]][c[b]] - 1e-9, "swap improves");
      }
    }
    Set<Integer> matchedRows = Arrays.stream(r).boxed().collect(toSet());
    for (int row = 0; row < cost.length; row++) {
      for (int k = 0; k < r.length && !matchedRows.contains(row); k++) {
        assertTrue(cost[row][c[k]] >= cost[r[k]][c[k]] - 1e-9, "unmatched row improves");
      }
    }
  }
}
