package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.ResizeMatrix;
import io.visft.core.testing.Evaluate;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The adaptive average pooling map against its definition (PyTorch's bins). */
class AdaptiveAveragePoolingTest {

  @Test
  void unevenBinsOverlapLikePyTorch() {
    ResizeMatrix m = AdaptiveAveragePooling.axis(5, 3);
    // Bins [0, 2), [1, 4), [3, 5).
    assertArrayEquals(
        new double[] {0.5, 0.5, 0, 0, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 0, 0, 0, 0, 0.5, 0.5},
        m.values(),
        1e-15);
    // Upsampling repeats samples: 2 -> 3 reads [0, 1), [0, 2), [1, 2).
    assertArrayEquals(
        new double[] {1, 0, 0.5, 0.5, 0, 1}, AdaptiveAveragePooling.axis(2, 3).values(), 1e-15);
  }

  @Test
  void everyOutputAveragesItsBin() {
    qt().withExamples(200)
        .forAll(integers().between(1, 40), integers().between(1, 20))
        .checkAssert(
            (in, out) -> {
              ResizeMatrix m = AdaptiveAveragePooling.axis(in, out);
              for (int i = 0; i < out; i++) {
                int start = (int) Math.floor((double) i * in / out);
                int end = (int) Math.ceil((double) (i + 1) * in / out);
                double rowSum = 0;
                for (int j = 0; j < in; j++) {
                  double expected = j >= start && j < end ? 1.0 / (end - start) : 0;
                  assertEquals(expected, m.get(i, j), 1e-15, "row " + i + ", column " + j);
                  rowSum += m.get(i, j);
                }
                assertEquals(1, rowSum, 1e-12);
              }
            });
  }

  @Test
  void graphPoolsEachRectangleToItsMean() {
    Random r = new Random(3);
    int h = 7;
    int w = 5;
    int grid = 3;
    float[] x = new float[2 * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value in = g.input("x", DType.F32, 2, h, w);
    Value pooled = AdaptiveAveragePooling.apply(o, in, grid);
    float[] got =
        Evaluate.run(g, Map.of("y", pooled), Map.of("x", HostTensor.ofFloats(x, 2, h, w)))
            .get("y")
            .toFloatArray();
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < grid; i++) {
        for (int j = 0; j < grid; j++) {
          int r0 = Math.floorDiv(i * h, grid);
          int r1 = -Math.floorDiv(-(i + 1) * h, grid);
          int c0 = Math.floorDiv(j * w, grid);
          int c1 = -Math.floorDiv(-(j + 1) * w, grid);
          double sum = 0;
          for (int y = r0; y < r1; y++) {
            for (int z = c0; z < c1; z++) {
              sum += x[(c * h + y) * w + z];
            }
          }
          double mean = sum / ((r1 - r0) * (c1 - c0));
          assertEquals(
              mean, got[(c * grid + i) * grid + j], 1e-5, "channel " + c + " cell " + i + "," + j);
        }
      }
    }
  }

  @Test
  void aMapAlreadyOnTheGridIsLeftAlone() {
    Graph g = new Graph();
    Value x = g.input("x", DType.F32, 1, 4, 14, 14);
    assertSame(x, AdaptiveAveragePooling.apply(new Ops(g), x, 14));
  }
}
