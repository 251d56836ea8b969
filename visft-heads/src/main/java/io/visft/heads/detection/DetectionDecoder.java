package io.visft.heads.detection;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.api.ShapeException;
import io.visft.core.data.geometry.Box;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the last decoder layer's predictions into scored pixel boxes, as DETR's {@code PostProcess}
 * does: per query, the most probable real class (no-object excluded) and its softmax probability as
 * the score, the box converted to {@code (x0, y0, x1, y1)} and scaled by the unpadded image size;
 * then the {@code topK} queries by score (ties in query order). Stateless and thread-safe.
 */
public final class DetectionDecoder {

  private DetectionDecoder() {}

  /**
   * @param probabilities F32 {@code [L, B, Q, K + 1]} (the {@link
   *     DetectionPredictions#PROBABILITIES} output; the last slot is "no object")
   * @param boxes F32 {@code [L, B, Q, 4]} normalised {@code (cx, cy, w, h)}
   * @param sizes the unpadded size of each of the {@code B} images
   * @param topK detections kept per image, in {@code [1, Q]}
   * @return per image, its detections by decreasing score
   */
  public static List<List<Detection>> decode(
      HostTensor probabilities, HostTensor boxes, List<ImageSize> sizes, int topK) {
    long[] p = probabilities.shape();
    long[] b = boxes.shape();
    if (p.length != 4
        || b.length != 4
        || b[3] != 4
        || p[0] != b[0]
        || p[1] != b[1]
        || p[2] != b[2]
        || p[3] < 2
        || p[1] != sizes.size()) {
      throw new ShapeException(
          String.format(
              "decode needs probabilities [L, B, Q, K+1] and boxes [L, B, Q, 4] for %d images,"
                  + " got %s and %s",
              sizes.size(), probabilities, boxes));
    }
    int queries = (int) p[2];
    int slots = (int) p[3];
    checkArgument(topK >= 1 && topK <= queries, "topK = %s must be in [1, %s]", topK, queries);
    FloatBuffer prob = probabilities.floatView();
    FloatBuffer box = boxes.floatView();
    int lastLayer = (int) p[0] - 1;
    List<List<Detection>> out = new ArrayList<>();
    for (int image = 0; image < sizes.size(); image++) {
      ImageSize size = sizes.get(image);
      List<Detection> all = new ArrayList<>(queries);
      for (int q = 0; q < queries; q++) {
        int row = (lastLayer * sizes.size() + image) * queries + q;
        int label = 0;
        for (int k = 1; k < slots - 1; k++) {
          if (prob.get(row * slots + k) > prob.get(row * slots + label)) {
            label = k;
          }
        }
        float cx = box.get(row * 4);
        float cy = box.get(row * 4 + 1);
        float w = box.get(row * 4 + 2);
        float h = box.get(row * 4 + 3);
        all.add(
            new Detection(
                q,
                label,
                prob.get(row * slots + label),
                new Box(
                    (cx - 0.5 * w) * size.width(),
                    (cy - 0.5 * h) * size.height(),
                    (cx + 0.5 * w) * size.width(),
                    (cy + 0.5 * h) * size.height())));
      }
      all.sort(
          Comparator.comparingDouble(Detection::score)
              .reversed()
              .thenComparingInt(Detection::query));
      out.add(List.copyOf(all.subList(0, topK)));
    }
    return out;
  }
}
