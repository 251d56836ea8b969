package io.visft.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The graph's sine encoding equals DETR's formula evaluated directly in double precision, on random
 * masks (any pattern of padding, whole padded rows and columns included).
 */
class SinePositionEncodingPropertiesTest {

  /** A {@code [batch, height, width]} padding mask and {@code pairs} sine/cosine pairs per axis. */
  record MaskCase(int batch, int height, int width, int pairs, boolean[] padded) {
    @Override
    public String toString() {
      return batch
          + "x"
          + height
          + "x"
          + width
          + ", "
          + pairs
          + " pairs, padded "
          + Arrays.toString(padded);
    }
  }

  /** Masks whose positions are each padded with probability 1/3. */
  private static Gen<MaskCase> maskCases() {
    Gen<Boolean> paddedPosition = integers().between(0, 2).map(i -> i == 0);
    Gen<Gen<MaskCase>> shaped =
        integers()
            .between(1, 2)
            .zip(
                integers().between(1, 5),
                integers().between(1, 5),
                integers().between(1, 4),
                (batch, height, width, pairs) ->
                    in -> {
                      boolean[] padded = new boolean[batch * height * width];
                      for (int i = 0; i < padded.length; i++) {
                        padded[i] = paddedPosition.generate(in);
                      }
                      return new MaskCase(batch, height, width, pairs, padded);
                    });
    return shaped.flatMap(c -> c);
  }

  @Test
  void matchesTheFormulaOnRandomMasks() {
    qt().withExamples(25)
        .forAll(maskCases())
        .checkAssert(
            c -> {
              int batch = c.batch();
              int height = c.height();
              int width = c.width();
              int features = 2 * c.pairs();
              boolean[] padded = c.padded();
              ByteBuffer bytes = ByteBuffer.allocate(padded.length);
              for (int i = 0; i < padded.length; i++) {
                bytes.put(i, (byte) (padded[i] ? 1 : 0));
              }
              Graph g = new Graph();
              Value mask = g.input("mask", DType.BOOL, batch, height, width);
              Value encoded = SinePositionEncoding.encode(new Ops(g), mask, features);
              float[] got =
                  Evaluate.run(
                          g,
                          Map.of("pos", encoded),
                          Map.of(
                              "mask",
                              new HostTensor(DType.BOOL, new long[] {batch, height, width}, bytes)))
                      .get("pos")
                      .toFloatArray();
              float[] want = reference(padded, batch, height, width, features);
              double diff = Evaluate.maxAbsDiff(got, want);
              assertTrue(diff < 2e-5, "max |diff| " + diff);
            });
  }

  /** DETR's {@code PositionEmbeddingSine(normalize=True)}, flattened to {@code [B, h·w, 2F]}. */
  private static float[] reference(
      boolean[] padded, int batch, int height, int width, int features) {
    float[] out = new float[batch * height * width * 2 * features];
    for (int b = 0; b < batch; b++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double yCount = 0;
          double yTotal = 0;
          for (int r = 0; r < height; r++) {
            double valid = padded[(b * height + r) * width + x] ? 0 : 1;
            yTotal += valid;
            yCount += r <= y ? valid : 0;
          }
          double xCount = 0;
          double xTotal = 0;
          for (int c = 0; c < width; c++) {
            double valid = padded[(b * height + y) * width + c] ? 0 : 1;
            xTotal += valid;
            xCount += c <= x ? valid : 0;
          }
          double yEmbed = yCount / (yTotal + 1e-6) * 2 * Math.PI;
          double xEmbed = xCount / (xTotal + 1e-6) * 2 * Math.PI;
          int base = ((b * height + y) * width + x) * 2 * features;
          for (int i = 0; i < features; i++) {
            double period = Math.pow(10000, 2.0 * (i / 2) / features);
            out[base + i] =
                (float) (i % 2 == 0 ? Math.sin(yEmbed / period) : Math.cos(yEmbed / period));
            out[base + features + i] =
                (float) (i % 2 == 0 ? Math.sin(xEmbed / period) : Math.cos(xEmbed / period));
          }
        }
      }
    }
    return out;
  }
}
