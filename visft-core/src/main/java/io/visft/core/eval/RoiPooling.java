package io.visft.core.eval;

import io.visft.api.ShapeException;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/**
 * RoI-align pooling of a dense map to one vector per box, as a graph: the sampling matrix from
 * {@link RoiAlignSampling#weights} times the flattened map. Gradients reach the map (and the
 * matrix, when it is a trainable value).
 */
public final class RoiPooling {
  private RoiPooling() {}

  /**
   * @param map {@code [B, D, h, w]}
   * @param samplingWeights {@code [K, B·h·w]}, from {@link RoiAlignSampling#weights} for the same
   *     B, h and w
   * @return {@code [K, D]}
   */
  public static Value pool(Ops o, Value map, Value samplingWeights) {
    if (map.rank() != 4) {
      throw new ShapeException("map must be [B, D, h, w], got " + map.type());
    }
    long b = map.dim(0);
    long d = map.dim(1);
    long cells = map.dim(2) * map.dim(3);
    if (samplingWeights.rank() != 2 || samplingWeights.dim(1) != b * cells) {
      throw new ShapeException(
          "sampling weights must be [K, "
              + (b * cells)
              + "] for a map "
              + map.type()
              + ", got "
              + samplingWeights.type()
              + "; compute them with RoiAlignSampling.weights for this map size");
    }
    Value rows = o.reshape(o.transpose(o.reshape(map, b, d, cells), 0, 2, 1), b * cells, d);
    return o.matmul(samplingWeights, rows);
  }
}
