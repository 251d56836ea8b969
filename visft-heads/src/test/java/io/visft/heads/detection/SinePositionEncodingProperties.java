package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The graph's sine encoding equals DETR's formula evaluated directly in double precision, on random
 * masks (any pattern of padding, whole padded rows and columns included).
 */
class SinePositionEncodingProperties {

  @Property(tries = 25)
  void matchesTheFormulaOnRandomMasks(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 2) int batch,
      @ForAll @IntRange(min = 1, max = 5) int height,
      @ForAll @IntRange(min = 1, max = 5) int width,
      @ForAll @IntRange(min = 1, max = 4) int pairs) {
    int features = 2 * pairs;
    Random random = new Random(seed);
    boolean[] padded = new boolean[batch * height * width];
    ByteBuffer bytes = ByteBuffer.allocate(padded.length);
    for (int i = 0; i < padded.length; i++) {
      padded[i] = random.nextInt(3) == 0;
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
                    "mask", new HostTensor(DType.BOOL, new long[] {batch, height, width}, bytes)))
            .get("pos")
            .toFloatArray();
    float[] want = reference(padded, batch, height, width, features);
    double diff = Evaluate.maxAbsDiff(got, want);
    assertTrue(diff < 2e-5, "max |diff| " + diff);
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
